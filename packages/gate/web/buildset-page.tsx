// One buildset: the item it tested, its result and message, each build (retried attempts apart) and its events.
import { type BuildInfo, type BuildsetInfo, type PageContext, pageUrl } from './api.js';
import { formatDuration, formatTime, resultClass } from './format.js';
import { useJson } from './use-json.js';

export function BuildsetPage({ ctx, uuid }: { ctx: PageContext; uuid: string }) {
  const { data: bs, error } = useJson<BuildsetInfo>(ctx, `/buildset/${encodeURIComponent(uuid)}`);
  if (error)
    return (
      <main className="error">
        Buildset {uuid}: {error}
      </main>
    );
  if (!bs) return <main>loading…</main>;
  return (
    <main className="buildset" data-buildset={bs.uuid}>
      <h1>
        Buildset {bs.change !== null ? `${bs.change},${bs.patchset}` : bs.ref}{' '}
        <span className={`result result-${resultClass(bs.result)}`}>{bs.result ?? 'IN PROGRESS'}</span>
      </h1>
      <p>
        {bs.project} · {bs.branch} · {bs.pipeline} · started {formatTime(bs.first_build_start_time)}
      </p>
      {bs.message && <pre className="message">{bs.message}</pre>}
      <BuildTable ctx={ctx} builds={bs.builds ?? []} />
      {(bs.retry_builds ?? []).length > 0 && (
        <>
          <h2>Retried builds</h2>
          <BuildTable ctx={ctx} builds={bs.retry_builds ?? []} />
        </>
      )}
      {(bs.events ?? []).length > 0 && (
        <>
          <h2>Events</h2>
          <ul className="events">
            {(bs.events ?? []).map((e) => (
              <li key={`${e.event_time}-${e.event_type}-${e.description}`}>
                {formatTime(e.event_time)} {e.event_type}: {e.description}
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

/** A table of builds with links to each build page and its logs. */
export function BuildTable({ ctx, builds }: { ctx: PageContext; builds: BuildInfo[] }) {
  return (
    <table className="builds">
      <thead>
        <tr>
          <th>Job</th>
          <th>Result</th>
          <th>Duration</th>
          <th>Started</th>
          <th>Logs</th>
        </tr>
      </thead>
      <tbody>
        {builds.map((b) => (
          <tr key={b.uuid} data-build={b.uuid}>
            <td>
              <a href={pageUrl(ctx, `build/${b.uuid}`)}>{b.job_name}</a>
              {!b.voting && ' (non-voting)'}
            </td>
            <td className={`cell-${resultClass(b.result)}`}>{b.result ?? 'IN PROGRESS'}</td>
            <td>{b.duration === null ? '—' : formatDuration(b.duration * 1000)}</td>
            <td>{formatTime(b.start_time)}</td>
            <td>{b.log_url ? <a href={b.log_url}>logs</a> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
