// The build history of the tenant (/builds with the page's query string as filters: ?job_name=…&project=…).
import type { BuildInfo, PageContext } from './api.js';
import { BuildTable } from './buildset-page.js';
import { useJson } from './use-json.js';

export function BuildsPage({ ctx }: { ctx: PageContext }) {
  const query = location.search || '?limit=50';
  const { data, error } = useJson<BuildInfo[]>(ctx, `/builds${query}`);
  if (error) return <main className="error">Builds: {error}</main>;
  if (!data) return <main>loading…</main>;
  return (
    <main className="builds-page">
      <h1>Builds</h1>
      <BuildTable ctx={ctx} builds={data} />
    </main>
  );
}
