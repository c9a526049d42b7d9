// One build: its result, times, change, nodes, artifacts, and links to its logs, its console and its buildset.
import { type BuildInfo, type PageContext, pageUrl } from './api.js';
import { formatDuration, formatTime, resultClass } from './format.js';
import { useJson } from './use-json.js';

export function BuildPage({ ctx, uuid }: { ctx: PageContext; uuid: string }) {
  const { data: build, error } = useJson<BuildInfo>(ctx, `/build/${encodeURIComponent(uuid)}`);
  if (error)
    return (
      <main className="error">
        Build {uuid}: {error}
      </main>
    );
  if (!build) return <main>loading…</main>;
  return (
    <main className="build" data-build={build.uuid}>
      <h1>
        Build <span className="job-title">{build.job_name}</span>{' '}
        <span className={`result result-${resultClass(build.result)}`}>{build.result ?? 'IN PROGRESS'}</span>
      </h1>
      <table className="details">
        <tbody>
          <Row label="UUID" value={build.uuid} />
          <Row label="Project" value={build.project} />
          <Row label="Branch" value={build.branch} />
          <Row label="Pipeline" value={build.pipeline} />
          <Row label="Change" value={build.change != null ? `${build.change},${build.patchset}` : build.ref} />
          <Row label="Started" value={formatTime(build.start_time)} />
          <Row label="Finished" value={formatTime(build.end_time)} />
          <Row label="Duration" value={build.duration === null ? '—' : formatDuration(build.duration * 1000)} />
          <Row label="Voting" value={build.voting ? 'yes' : 'no'} />
          <Row label="Nodes" value={build.nodes.join(', ') || '—'} />
          {build.error_detail && <Row label="Error" value={build.error_detail} />}
          {!build.final && <Row label="Attempt" value="retried (not final)" />}
        </tbody>
      </table>
      <ul className="links">
        {build.log_url && (
          <li>
            <a className="log-link" href={build.log_url}>
              Logs
            </a>{' '}
            (<a href={`${build.log_url}job-output.txt`}>job-output.txt</a>)
          </li>
        )}
        {build.result === null && (
          <li>
            <a href={pageUrl(ctx, `stream/${build.uuid}`)}>Live console</a>
          </li>
        )}
        {build.buildset && (
          <li>
            <a className="buildset-link" href={pageUrl(ctx, `buildset/${build.buildset.uuid}`)}>
              Buildset
            </a>
          </li>
        )}
      </ul>
      {build.artifacts.length > 0 && (
        <section>
          <h2>Artifacts</h2>
          <ul className="artifacts">
            {build.artifacts.map((a) => (
              <li key={a.name}>
                <a href={a.url}>{a.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <tr>
      <th>{label}</th>
      <td>{value ?? '—'}</td>
    </tr>
  );
}
