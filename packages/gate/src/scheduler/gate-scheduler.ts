// The gate's scheduler across tenants: the tenant file, one TenantScheduler per tenant, review events fanned out
// to them, and the GateControl the REST API and status page use.
import { randomUUID } from 'node:crypto';
import { BadRequest, NotFound } from '@nubo/core';
import { parseTenantConfig } from '../config/load-layout.js';
import type { ConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import type { TenantStatus } from '../status/tenant-status.js';
import type { ReviewEvent } from './gate-change.js';
import type { AutoholdRequest, GateControl, ItemSelector } from './gate-control.js';
import type { SchedulerDeps } from './scheduler-deps.js';
import { tenantStatus } from './status-view.js';
import { TenantScheduler } from './tenant-scheduler.js';

export class GateScheduler implements GateControl {
  readonly tenantSchedulers = new Map<string, TenantScheduler>();
  private tenantErrors: readonly ConfigError[] = [];
  private readonly holds: AutoholdRequest[] = [];

  constructor(readonly deps: SchedulerDeps) {}

  /** Loads (or reloads) the tenant file, each tenant's layout, and on the first load the persisted queues. */
  async load(tenantFileText: string, file = 'main.yaml', resume = true): Promise<void> {
    const { tenants, errors } = parseTenantConfig(tenantFileText, file);
    this.tenantErrors = errors;
    for (const [name, scheduler] of this.tenantSchedulers) {
      if (!tenants.some((t) => t.name === name)) {
        scheduler.stop();
        this.tenantSchedulers.delete(name);
      }
    }
    for (const tenant of tenants) {
      const existing = this.tenantSchedulers.get(tenant.name);
      if (existing) {
        await existing.reconfigure(tenant);
        continue;
      }
      const scheduler = new TenantScheduler(tenant, this.deps);
      this.tenantSchedulers.set(tenant.name, scheduler);
      await scheduler.reconfigure(tenant);
      if (resume) await scheduler.resume(await this.deps.store.load(tenant.name));
    }
  }

  /** A review event for every tenant. */
  onEvent(event: ReviewEvent): void {
    for (const scheduler of this.tenantSchedulers.values()) scheduler.onEvent(event);
  }

  async whenIdle(): Promise<void> {
    for (;;) {
      await Promise.all([...this.tenantSchedulers.values()].map((s) => s.whenIdle()));
      if ([...this.tenantSchedulers.values()].every((s) => s.isIdle())) return;
    }
  }

  stop(): void {
    for (const s of this.tenantSchedulers.values()) s.stop();
  }

  tenants(): readonly string[] {
    return [...this.tenantSchedulers.keys()];
  }

  layout(tenant: string): Layout | null {
    return this.tenantSchedulers.get(tenant)?.layoutValue ?? null;
  }

  configErrors(tenant: string): readonly ConfigError[] {
    return [...this.tenantErrors, ...(this.layout(tenant)?.errors ?? [])];
  }

  status(tenant: string): TenantStatus | null {
    const scheduler = this.tenantSchedulers.get(tenant);
    return scheduler ? tenantStatus(scheduler) : null;
  }

  private scheduler(tenant: string): TenantScheduler {
    const s = this.tenantSchedulers.get(tenant);
    if (!s) throw new NotFound(`Tenant ${tenant} not found`);
    return s;
  }

  async enqueue(tenant: string, item: ItemSelector): Promise<void> {
    const s = this.scheduler(tenant);
    const [number, patchset] = (item.change ?? '').split(',').map(Number);
    if (!number) throw new BadRequest('only changes ("<change>,<patchset>") can be enqueued');
    if (!s.managers.has(item.pipeline)) throw new NotFound(`Pipeline ${item.pipeline} not found`);
    const change = await this.deps.connection.getChange(number, patchset || undefined);
    if (!change || change.project !== item.project) {
      throw new NotFound(`Change ${item.change} not found in project ${item.project}`);
    }
    await s.submitAction(() => s.forceEnqueue(item.pipeline, change));
  }

  async dequeue(tenant: string, item: ItemSelector): Promise<void> {
    const s = this.scheduler(tenant);
    const manager = s.managers.get(item.pipeline);
    const [number, patchset] = (item.change ?? '').split(',').map(Number);
    const found = number ? manager?.findItem(number, patchset || undefined) : undefined;
    if (!manager || !found || found.change.project !== item.project) {
      throw new NotFound(`Item ${item.change ?? item.ref ?? ''} not found in pipeline ${item.pipeline}`);
    }
    await s.submitAction(async () => {
      s.dequeueChange(manager, found.change.number);
    });
  }

  async promote(tenant: string, pipeline: string, changes: readonly string[]): Promise<void> {
    const s = this.scheduler(tenant);
    const manager = s.managers.get(pipeline);
    if (!manager) throw new NotFound(`Pipeline ${pipeline} not found`);
    await s.submitAction(async () => {
      for (const queue of manager.queues) {
        const promoted = changes
          .map((c) => queue.items.find((i) => `${i.change.number},${i.change.patchset}` === c))
          .filter((i) => i !== undefined);
        if (promoted.length === 0) continue;
        // Zuul's promote: the named items first, in that order, and everything tested again.
        queue.items = [...promoted, ...queue.items.filter((i) => !promoted.includes(i))];
        let ahead = null;
        for (const item of queue.items) {
          item.reset();
          item.ahead = manager.kind === 'dependent' ? ahead : null;
          ahead = item;
        }
      }
      s.markDirty(pipeline);
    });
  }

  async autohold(request: Omit<AutoholdRequest, 'id' | 'currentCount'>): Promise<AutoholdRequest> {
    const hold: AutoholdRequest = { ...request, id: randomUUID(), currentCount: 0 };
    this.holds.push(hold);
    return hold;
  }

  autoholds(tenant: string): readonly AutoholdRequest[] {
    return this.holds.filter((h) => h.tenant === tenant);
  }

  async deleteAutohold(tenant: string, id: string): Promise<boolean> {
    const index = this.holds.findIndex((h) => h.tenant === tenant && h.id === id);
    if (index < 0) return false;
    this.holds.splice(index, 1);
    return true;
  }
}
