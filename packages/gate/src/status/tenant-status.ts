// The live state of a tenant's pipelines in the shape of Zuul's `/api/tenant/{t}/status` (what its dashboard and
// tools such as zuul-client read). The scheduler produces it; the REST API and the status page serve it.

export interface StatusJob {
  name: string;
  uuid: string | null;
  result: string | null;
  voting: boolean;
  /** Live console stream (while running) or null. */
  url: string | null;
  /** The build page once it has a result. */
  report_url: string | null;
  start_time: number | null;
  end_time: number | null;
  /** Seconds, from past successful builds of the same job (null when unknown). */
  estimated_time: number | null;
  /** Milliseconds, like Zuul. */
  elapsed_time: number | null;
  remaining_time: number | null;
  pipeline: string;
  queued: boolean;
  tries: number;
  waiting_status: string | null;
}

export interface StatusItem {
  id: string;
  project: string;
  project_canonical: string;
  branch: string;
  change: number | null;
  patchset: number | null;
  ref: string;
  url: string | null;
  owner: string | null;
  live: boolean;
  active: boolean;
  item_ahead: string | null;
  items_behind: string[];
  failing_reasons: string[];
  zuul_ref: string;
  enqueue_time: number;
  remaining_time: number | null;
  jobs: StatusJob[];
}

export interface StatusQueue {
  name: string;
  window: number;
  /** Each head is a chain of items, first to last, as in Zuul. */
  heads: StatusItem[][];
}

export interface StatusPipeline {
  name: string;
  description: string | null;
  manager: string;
  trigger_events: number;
  result_events: number;
  change_queues: StatusQueue[];
}

export interface TenantStatus {
  zuul_version: string;
  last_reconfigured: number;
  pipelines: StatusPipeline[];
}
