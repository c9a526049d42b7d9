// Fills the remaining-time estimates of a status report from past builds (Zuul estimates a job from its recent
// successful runs): a job with no estimate from the scheduler gets one from the builds database, and each item's
// remaining time is the longest remaining job, as in Zuul's status.
import { estimatedDurations } from '../db/builds.js';
import type { GateDb } from '../db/tables.js';
import type { StatusItem, StatusJob, TenantStatus } from '../status/tenant-status.js';

/** Caches past durations per tenant so a status page polled every few seconds costs one query per job per period. */
export class StatusEstimator {
  private readonly cache = new Map<string, { at: number; durations: Map<string, number> }>();

  constructor(
    private readonly db: GateDb,
    private readonly ttlMs: number,
  ) {}

  /** A copy of `status` with estimated, elapsed and remaining times filled where they were missing. */
  async complete(tenant: string, status: TenantStatus, now = Date.now()): Promise<TenantStatus> {
    const items = status.pipelines.flatMap((p) => p.change_queues.flatMap((q) => q.heads.flat()));
    const missing = items.flatMap((i) => i.jobs.filter((j) => j.estimated_time === null).map((j) => j.name));
    const durations = missing.length > 0 ? await this.durations(tenant, missing, now) : new Map<string, number>();
    return {
      ...status,
      pipelines: status.pipelines.map((p) => ({
        ...p,
        change_queues: p.change_queues.map((q) => ({
          ...q,
          heads: q.heads.map((head) => head.map((item) => completeItem(item, durations, now))),
        })),
      })),
    };
  }

  private async durations(tenant: string, jobs: string[], now: number): Promise<Map<string, number>> {
    let entry = this.cache.get(tenant);
    if (!entry || now - entry.at > this.ttlMs) {
      entry = { at: now, durations: new Map() };
      this.cache.set(tenant, entry);
    }
    const unknown = [...new Set(jobs)].filter((j) => !entry.durations.has(j));
    if (unknown.length > 0) {
      const found = await estimatedDurations(this.db, tenant, unknown);
      // A job with no history is remembered as unknown (NaN) so it is not queried again until the cache expires.
      for (const job of unknown) entry.durations.set(job, found.get(job) ?? Number.NaN);
    }
    return entry.durations;
  }
}

function completeItem(item: StatusItem, durations: Map<string, number>, now: number): StatusItem {
  const jobs = item.jobs.map((j) => completeJob(j, durations, now));
  let remaining: number | null = item.remaining_time;
  if (remaining === null && item.active) {
    const pending = jobs.filter((j) => j.result === null);
    if (pending.length > 0 && pending.every((j) => j.remaining_time !== null || j.estimated_time !== null)) {
      remaining = Math.max(...pending.map((j) => j.remaining_time ?? (j.estimated_time ?? 0) * 1000));
    }
  }
  return { ...item, jobs, remaining_time: remaining };
}

function completeJob(job: StatusJob, durations: Map<string, number>, now: number): StatusJob {
  const past = durations.get(job.name);
  const estimated = job.estimated_time ?? (past !== undefined && !Number.isNaN(past) ? past : null);
  const running = job.start_time !== null && job.end_time === null && job.result === null;
  // Zuul's start_time is in seconds since the epoch.
  const elapsed = job.elapsed_time ?? (running ? Math.max(0, now - job.start_time! * 1000) : null);
  let remaining = job.remaining_time;
  if (remaining === null && running && estimated !== null && elapsed !== null) {
    remaining = Math.max(0, estimated * 1000 - elapsed);
  }
  return { ...job, estimated_time: estimated, elapsed_time: elapsed, remaining_time: remaining };
}
