// What the gate's REST API and status page ask of the running scheduler. The scheduler implements it; the API
// (`api/`) only depends on this interface, so either side can be tested alone.
import type { ConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import type { TenantStatus } from '../status/tenant-status.js';

/** Names an item the way Zuul's admin API does: a change (`"123,1"`) or a ref update (`ref` + revs). */
export interface ItemSelector {
  readonly pipeline: string;
  readonly project: string;
  /** `"<change>,<patchset>"`, as zuul-client sends it. */
  readonly change?: string;
  readonly ref?: string;
  readonly oldrev?: string;
  readonly newrev?: string;
}

export interface AutoholdRequest {
  readonly id: string;
  readonly tenant: string;
  readonly project: string;
  readonly job: string;
  /** A regex on the ref, or null for any. */
  readonly refFilter: string | null;
  readonly reason: string;
  readonly count: number;
  readonly currentCount: number;
  readonly nodeExpiration: number;
}

export interface GateControl {
  tenants(): readonly string[];
  /** The tenant's current layout (null while it has none, e.g. the config is broken from the start). */
  layout(tenant: string): Layout | null;
  configErrors(tenant: string): readonly ConfigError[];
  status(tenant: string): TenantStatus | null;
  enqueue(tenant: string, item: ItemSelector): Promise<void>;
  dequeue(tenant: string, item: ItemSelector): Promise<void>;
  /** Moves the named changes to the head of their queues, in the given order (Zuul's promote). */
  promote(tenant: string, pipeline: string, changes: readonly string[]): Promise<void>;
  autohold(request: Omit<AutoholdRequest, 'id' | 'currentCount'>): Promise<AutoholdRequest>;
  autoholds(tenant: string): readonly AutoholdRequest[];
  deleteAutohold(tenant: string, id: string): Promise<boolean>;
}
