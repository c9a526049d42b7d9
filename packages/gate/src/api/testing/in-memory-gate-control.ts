// A GateControl over plain data for tests of the API and the status page: real layouts, a TenantStatus kept in
// memory, and enqueue/dequeue/promote/autohold acting on it as the scheduler would (without running anything).
import { randomUUID } from 'node:crypto';
import { NotFound } from '@nubo/core';
import type { ConfigError } from '../../model/config-error.js';
import type { Layout } from '../../model/layout.js';
import type { AutoholdRequest, GateControl, ItemSelector } from '../../scheduler/gate-control.js';
import type { StatusItem, StatusJob, StatusQueue, TenantStatus } from '../../status/tenant-status.js';

/** A status job with Zuul's defaults; `overrides` set what the test cares about. */
export function statusJob(name: string, pipeline: string, overrides: Partial<StatusJob> = {}): StatusJob {
  return {
    name,
    uuid: null,
    result: null,
    voting: true,
    url: null,
    report_url: null,
    start_time: null,
    end_time: null,
    estimated_time: null,
    elapsed_time: null,
    remaining_time: null,
    pipeline,
    queued: true,
    tries: 1,
    waiting_status: null,
    ...overrides,
  };
}

/** A change item of `project` with the given jobs. */
export function statusItem(
  project: string,
  change: number,
  patchset: number,
  jobs: StatusJob[],
  overrides: Partial<StatusItem> = {},
): StatusItem {
  return {
    id: `${change},${patchset}`,
    project,
    project_canonical: `gerrit/${project}`,
    branch: 'master',
    change,
    patchset,
    ref: `refs/changes/${String(change % 100).padStart(2, '0')}/${change}/${patchset}`,
    url: null,
    owner: null,
    live: true,
    active: true,
    item_ahead: null,
    items_behind: [],
    failing_reasons: [],
    zuul_ref: `Z${change}${patchset}`,
    enqueue_time: Date.now(),
    remaining_time: null,
    jobs,
    ...overrides,
  };
}

export class InMemoryGateControl implements GateControl {
  private readonly statuses = new Map<string, TenantStatus>();
  private readonly holds = new Map<string, AutoholdRequest[]>();
  /** Every admin call, in order, for assertions. */
  readonly calls: { op: string; tenant: string; args: unknown }[] = [];

  constructor(
    private readonly layouts: ReadonlyMap<string, Layout>,
    private readonly errors: ReadonlyMap<string, readonly ConfigError[]> = new Map(),
  ) {
    for (const [tenant, layout] of layouts) {
      this.statuses.set(tenant, {
        zuul_version: 'nubo-gate test',
        last_reconfigured: Date.now(),
        pipelines: [...layout.pipelines.values()].map((p) => ({
          name: p.name,
          description: p.description,
          manager: p.manager,
          trigger_events: 0,
          result_events: 0,
          change_queues: [],
        })),
      });
    }
  }

  tenants(): readonly string[] {
    return [...this.layouts.keys()];
  }

  layout(tenant: string): Layout | null {
    return this.layouts.get(tenant) ?? null;
  }

  configErrors(tenant: string): readonly ConfigError[] {
    return this.errors.get(tenant) ?? this.layouts.get(tenant)?.errors ?? [];
  }

  status(tenant: string): TenantStatus | null {
    return this.statuses.get(tenant) ?? null;
  }

  /** Puts an item at the end of the named queue of a pipeline (a new queue when needed), linking it to the one ahead. */
  addItem(tenant: string, pipeline: string, queueName: string, item: StatusItem, window = 20): StatusItem {
    const queue = this.queue(tenant, pipeline, queueName, window);
    const head = queue.heads[0] ?? [];
    if (queue.heads.length === 0) queue.heads.push(head);
    const ahead = head.at(-1);
    if (ahead) {
      ahead.items_behind.push(item.id);
      item.item_ahead = ahead.id;
    }
    head.push(item);
    return item;
  }

  /** Every item of a pipeline, in queue order. */
  items(tenant: string, pipeline: string): StatusItem[] {
    return this.pipeline(tenant, pipeline).change_queues.flatMap((q) => q.heads.flat());
  }

  async enqueue(tenant: string, item: ItemSelector): Promise<void> {
    this.calls.push({ op: 'enqueue', tenant, args: item });
    const layout = this.layouts.get(tenant);
    const [change, patchset] = (item.change ?? '0,0').split(',').map(Number);
    // The jobs the project runs in that pipeline, from its templates and stanzas (no variant matching: tests only).
    const stanzas = layout?.projectConfigs.get(item.project) ?? [];
    const sources = stanzas.flatMap((c) => [...c.templates.flatMap((t) => layout?.projectTemplates.get(t) ?? []), c]);
    const names = sources
      .flatMap((c) => c.pipelines.filter((p) => p.pipeline === item.pipeline))
      .flatMap((p) => p.jobs.map((j) => j.name));
    const jobs = [...new Set(names)].map((name) => statusJob(name, item.pipeline));
    this.addItem(tenant, item.pipeline, item.project, statusItem(item.project, change!, patchset!, jobs));
  }

  async dequeue(tenant: string, item: ItemSelector): Promise<void> {
    this.calls.push({ op: 'dequeue', tenant, args: item });
    for (const queue of this.pipeline(tenant, item.pipeline).change_queues) {
      for (const head of queue.heads) {
        const index = head.findIndex((i) => i.project === item.project && i.id === item.change);
        if (index >= 0) {
          head.splice(index, 1);
          return;
        }
      }
    }
    throw new NotFound(`Change ${item.change} is not in pipeline ${item.pipeline}.`);
  }

  async promote(tenant: string, pipeline: string, changes: readonly string[]): Promise<void> {
    this.calls.push({ op: 'promote', tenant, args: { pipeline, changes } });
    for (const queue of this.pipeline(tenant, pipeline).change_queues) {
      for (const head of queue.heads) {
        const promoted = changes.map((c) => head.find((i) => i.id === c)).filter((i) => i !== undefined);
        const rest = head.filter((i) => !promoted.includes(i));
        head.splice(0, head.length, ...promoted, ...rest);
      }
    }
  }

  async autohold(request: Omit<AutoholdRequest, 'id' | 'currentCount'>): Promise<AutoholdRequest> {
    this.calls.push({ op: 'autohold', tenant: request.tenant, args: request });
    const created: AutoholdRequest = { ...request, id: randomUUID().replaceAll('-', '').slice(0, 10), currentCount: 0 };
    this.holds.set(request.tenant, [...(this.holds.get(request.tenant) ?? []), created]);
    return created;
  }

  autoholds(tenant: string): readonly AutoholdRequest[] {
    return this.holds.get(tenant) ?? [];
  }

  async deleteAutohold(tenant: string, id: string): Promise<boolean> {
    const list = this.holds.get(tenant) ?? [];
    const kept = list.filter((a) => a.id !== id);
    this.holds.set(tenant, kept);
    return kept.length !== list.length;
  }

  private pipeline(tenant: string, name: string) {
    const pipeline = this.statuses.get(tenant)?.pipelines.find((p) => p.name === name);
    if (!pipeline) throw new NotFound(`Pipeline ${name} does not exist.`);
    return pipeline;
  }

  private queue(tenant: string, pipeline: string, name: string, window: number): StatusQueue {
    const p = this.pipeline(tenant, pipeline);
    let queue = p.change_queues.find((q) => q.name === name);
    if (!queue) {
      queue = { name, window, heads: [] };
      p.change_queues.push(queue);
    }
    return queue;
  }
}
