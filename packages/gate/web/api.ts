// How the pages reach the gate's API: every URL is relative to where the gate is mounted (data-base on #root).
import type { TenantStatus } from '../src/status/tenant-status.js';

export type { StatusItem, StatusJob, StatusPipeline, StatusQueue, TenantStatus } from '../src/status/tenant-status.js';

/** Where the gate is mounted and which tenant the page shows, as the server wrote them into the page. */
export interface PageContext {
  base: string;
  tenant: string;
  pollMs: number;
}

/** A build as /api/tenant/{t}/build/{uuid} gives it. */
export interface BuildInfo {
  uuid: string;
  job_name: string;
  result: string | null;
  start_time: string | null;
  end_time: string | null;
  duration: number | null;
  voting: boolean;
  log_url: string | null;
  error_detail: string | null;
  final: boolean;
  nodes: string[];
  artifacts: { name: string; url: string }[];
  project?: string;
  branch?: string;
  pipeline?: string;
  change?: number | null;
  patchset?: string | null;
  ref?: string;
  newrev?: string | null;
  buildset?: { uuid: string };
}

/** A buildset as /api/tenant/{t}/buildset/{uuid} gives it. */
export interface BuildsetInfo {
  uuid: string;
  result: string | null;
  message: string | null;
  project: string;
  branch: string;
  pipeline: string;
  change: number | null;
  patchset: string | null;
  ref: string;
  newrev: string | null;
  first_build_start_time: string | null;
  last_build_end_time: string | null;
  builds?: BuildInfo[];
  retry_builds?: BuildInfo[];
  events?: { event_type: string; event_time: string; description: string }[];
}

/** GETs JSON from the tenant's API (`path` starts after /api/tenant/{t}). */
export async function getJson<T>(ctx: PageContext, path: string): Promise<T> {
  const response = await fetch(`${ctx.base}/api/tenant/${encodeURIComponent(ctx.tenant)}${path}`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { description?: string };
    throw new Error(body.description ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** The tenant's live status. */
export function getStatus(ctx: PageContext): Promise<TenantStatus> {
  return getJson<TenantStatus>(ctx, '/status');
}

/** A link to one of the gate's pages of this tenant. */
export function pageUrl(ctx: PageContext, page: string): string {
  return `${ctx.base}/t/${encodeURIComponent(ctx.tenant)}/${page}`;
}
