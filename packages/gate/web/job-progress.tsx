// One job of an item: its name (linked to the live console or the build page), and either its result or a
// progress bar from elapsed and estimated time with the time left.
import type { PageContext, StatusJob } from './api.js';
import { formatDuration, resultClass } from './format.js';

export function JobProgress({ ctx, job, now }: { ctx: PageContext; job: StatusJob; now: number }) {
  const link = job.result !== null ? job.report_url : job.url;
  const name = link ? (
    <a className="job-name" href={link}>
      {job.name}
    </a>
  ) : (
    <span className="job-name">{job.name}</span>
  );
  return (
    <li className={`job job-${resultClass(job.result)}`} data-job={job.name}>
      {name}
      {!job.voting && <span className="non-voting"> (non-voting)</span>}
      <JobState ctx={ctx} job={job} now={now} />
    </li>
  );
}

function JobState({ job, now }: { ctx: PageContext; job: StatusJob; now: number }) {
  if (job.result !== null) {
    return <span className={`result result-${resultClass(job.result)}`}>{job.result}</span>;
  }
  if (job.start_time === null) {
    return (
      <span className="result result-queued">{job.waiting_status ? `waiting: ${job.waiting_status}` : 'queued'}</span>
    );
  }
  // The page ticks between polls, so elapsed time is recomputed from the start time.
  const elapsed = Math.max(0, now - job.start_time * 1000);
  const estimated = job.estimated_time === null ? null : job.estimated_time * 1000;
  const fraction = estimated ? Math.min(1, elapsed / estimated) : null;
  const label =
    estimated === null
      ? `${formatDuration(elapsed)} elapsed`
      : `${formatDuration(Math.max(0, estimated - elapsed))} left`;
  return (
    <span
      className="progress"
      title={label}
      data-remaining={estimated === null ? '' : String(Math.max(0, estimated - elapsed))}
    >
      <span
        className={`bar${fraction === null ? ' bar-unknown' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <span className="fill" style={{ width: fraction === null ? '100%' : `${Math.round(fraction * 100)}%` }} />
      </span>
      <span className="time-left">{label}</span>
    </span>
  );
}
