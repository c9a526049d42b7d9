// The live status of a tenant: every pipeline, its queues and items with per-job progress, refreshed by polling
// /api/tenant/{t}/status every few seconds (and ticking every second in between, so bars move smoothly).
import { useEffect, useMemo, useState } from 'react';
import { getStatus, type PageContext, type StatusItem, type StatusPipeline, type TenantStatus } from './api.js';
import { formatDuration } from './format.js';
import { JobProgress } from './job-progress.js';

export function StatusPage({ ctx }: { ctx: PageContext }) {
  const [status, setStatus] = useState<TenantStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const [filter, setFilter] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getStatus(ctx);
        if (!stopped) {
          setStatus(next);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(err instanceof Error ? err.message : String(err));
      }
      if (!stopped) timer = setTimeout(poll, document.hidden ? ctx.pollMs * 4 : ctx.pollMs);
    };
    void poll();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, [ctx]);
  const pipelines = useMemo(() => (status ? filterPipelines(status.pipelines, filter) : []), [status, filter]);
  return (
    <main className="status">
      <header className="toolbar">
        <h1>
          Status of tenant <span className="tenant">{ctx.tenant}</span>
        </h1>
        <input
          className="filter"
          type="search"
          placeholder="Filter by project or change"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="updated" data-loaded={status ? 'yes' : 'no'}>
          {error ? `update failed: ${error}` : status ? `${countItems(status.pipelines)} items in queues` : 'loading…'}
        </span>
      </header>
      <div className="pipelines">
        {pipelines.map((p) => (
          <Pipeline key={p.name} ctx={ctx} pipeline={p} now={now} />
        ))}
      </div>
    </main>
  );
}

function Pipeline({ ctx, pipeline, now }: { ctx: PageContext; pipeline: StatusPipeline; now: number }) {
  const queues = pipeline.change_queues.filter((q) => q.heads.some((h) => h.length > 0));
  return (
    <section className="pipeline" data-pipeline={pipeline.name}>
      <h2>
        {pipeline.name} <span className="manager">{pipeline.manager}</span>
        <span className="count">{countItems([pipeline])}</span>
      </h2>
      {pipeline.description && <p className="description">{pipeline.description}</p>}
      {queues.map((q) => (
        <div className="queue" key={q.name} data-queue={q.name}>
          {(queues.length > 1 || pipeline.manager === 'dependent') && (
            <h3>
              Queue: {q.name}
              {pipeline.manager === 'dependent' && <span className="window"> (window {q.window})</span>}
            </h3>
          )}
          {q.heads.map((head) => (
            <ol className="head" key={head[0]?.id ?? 'empty'}>
              {head.map((item) => (
                <Item key={item.id} ctx={ctx} item={item} now={now} />
              ))}
            </ol>
          ))}
        </div>
      ))}
    </section>
  );
}

function Item({ ctx, item, now }: { ctx: PageContext; item: StatusItem; now: number }) {
  const title = item.change !== null ? `${item.change},${item.patchset}` : item.ref;
  const failing = item.failing_reasons.length > 0;
  const done = item.jobs.filter((j) => j.result !== null).length;
  return (
    <li
      className={`item${failing ? ' item-failing' : ''}${item.live ? '' : ' item-nonlive'}${item.active ? '' : ' item-inactive'}`}
      data-item={title}
    >
      <div className="item-header">
        <span className={`dot ${failing ? 'dot-failing' : 'dot-ok'}`} />
        {item.url ? (
          <a className="change" href={item.url}>
            {title}
          </a>
        ) : (
          <span className="change">{title}</span>
        )}
        <span className="project">{item.project}</span>
        <span className="branch">{item.branch}</span>
        <span className="remaining">
          {item.remaining_time !== null ? `${formatDuration(item.remaining_time)} left` : ''}
        </span>
        <span className="done">
          {done}/{item.jobs.length} jobs
        </span>
      </div>
      {failing && <div className="failing-reasons">{item.failing_reasons.join(', ')}</div>}
      {item.live && (
        <ul className="jobs">
          {item.jobs.map((j) => (
            <JobProgress key={j.name} ctx={ctx} job={j} now={now} />
          ))}
        </ul>
      )}
    </li>
  );
}

function countItems(pipelines: StatusPipeline[]): number {
  return pipelines.reduce(
    (n, p) => n + p.change_queues.reduce((m, q) => m + q.heads.flat().filter((i) => i.live).length, 0),
    0,
  );
}

/** Keeps the items whose project or change matches the filter (and the pipelines that still have some). */
function filterPipelines(pipelines: StatusPipeline[], filter: string): StatusPipeline[] {
  const f = filter.trim().toLowerCase();
  if (!f) return pipelines;
  const match = (i: StatusItem) =>
    i.project.toLowerCase().includes(f) || (i.change !== null && `${i.change},${i.patchset}`.startsWith(f));
  return pipelines
    .map((p) => ({
      ...p,
      change_queues: p.change_queues.map((q) => ({ ...q, heads: q.heads.map((h) => h.filter(match)) })),
    }))
    .filter((p) => p.change_queues.some((q) => q.heads.some((h) => h.length > 0)));
}
