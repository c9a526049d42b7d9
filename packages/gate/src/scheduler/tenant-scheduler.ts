// One tenant's scheduler (Zuul's scheduler + pipeline managers): review events in, items through their queues,
// reports and submits out. One pass at a time processes pending events, then every queue; merges and builds run
// asynchronously and wake the next pass when they finish.

import { NotFound } from '@nubo/core';
import { loadLayout } from '../config/load-layout.js';
import type { TenantRepos } from '../config/load-tenant-config.js';
import type { ChangeQueue } from '../manager/change-queue.js';
import { PipelineManager, resetChain } from '../manager/pipeline-manager.js';
import type { QueueItem } from '../manager/queue-item.js';
import type { Layout } from '../model/layout.js';
import type { Tenant } from '../model/tenant.js';
import { postReport, reportAction, submits } from '../reporters/gerrit-reporter.js';
import type { PipelineSnapshot } from '../state/queue-store.js';
import type { TriggerEvent } from '../triggers/trigger-event.js';
import { addChange, type EnqueueContext, handleTriggerEvent } from './enqueue.js';
import { type GateChange, type ReviewEvent, SubmitError } from './gate-change.js';
import { type ItemWorkContext, launchJobs, prepareItem, startMerge } from './item-work.js';
import type { SchedulerDeps } from './scheduler-deps.js';

export class TenantScheduler implements ItemWorkContext, EnqueueContext {
  layoutValue: Layout | null = null;
  private repos: TenantRepos = {};
  readonly managers = new Map<string, PipelineManager>();
  readonly semaphores = new Map<string, number>();
  readonly dependents = new Map<string, Set<number>>();
  private readonly events: (() => Promise<void>)[] = [];
  private readonly dirty = new Set<string>();
  private scheduled = false;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  lastReconfigured = 0;
  /** Resolves when the scheduler goes idle (tests, the benchmark). */
  private idleWaiters: (() => void)[] = [];
  /** Per pipeline, trigger events seen and results reported (the status page's counters). */
  readonly counters = new Map<string, { trigger: number; result: number }>();

  constructor(
    public tenantConfig: Tenant,
    readonly deps: SchedulerDeps,
  ) {}

  get tenant(): string {
    return this.tenantConfig.name;
  }

  layout(): Layout {
    if (!this.layoutValue) throw new Error(`tenant ${this.tenant} has no layout`);
    return this.layoutValue;
  }

  baseRepos(): TenantRepos {
    return this.repos;
  }

  /** Loads the layout from the repositories; pipelines that went away are emptied, new ones get managers. */
  async reconfigure(tenant: Tenant = this.tenantConfig): Promise<void> {
    this.tenantConfig = tenant;
    this.repos = await this.deps.readRepos(tenant);
    const layout = loadLayout(tenant, this.repos, { connections: [this.deps.connectionName] });
    this.layoutValue = layout;
    this.lastReconfigured = Date.now();
    for (const [name, manager] of this.managers) {
      const pipeline = layout.pipelines.get(name);
      if (pipeline && pipeline.manager === manager.kind) manager.pipeline = pipeline;
      else {
        for (const item of manager.items()) manager.remove(item);
        this.managers.delete(name);
        this.dirty.add(name);
      }
    }
    for (const [name, pipeline] of layout.pipelines) {
      if (!this.managers.has(name)) this.managers.set(name, new PipelineManager(pipeline));
    }
    this.wake();
  }

  /** Reloads the persisted queues after a restart: every item is merged and tested again. */
  async resume(snapshots: Map<string, PipelineSnapshot>): Promise<void> {
    for (const [name, snapshot] of snapshots) {
      const manager = this.managers.get(name);
      if (!manager) continue;
      for (const q of snapshot.queues) {
        let queue: ChangeQueue | null = null;
        for (const s of q.items) {
          const fresh =
            (await this.deps.connection.getChange(s.change.number, s.change.patchset).catch(() => null)) ?? s.change;
          await this.deps.recorder
            .buildsetFinished(
              s.buildsetUuid,
              'ABORTED',
              'the scheduler restarted; the item is tested again',
              new Date(),
            )
            .catch(() => undefined);
          // Merged meanwhile (the scheduler died between submitting and saving) or gone: nothing left to do.
          if (fresh.status !== 'NEW' || !fresh.isCurrentPatchset) continue;
          queue ??= manager.queueFor(this.layout(), fresh);
          if (q.window > 0) queue.window = q.window;
          const { item } = manager.add(queue, fresh, s.live, s.enqueueTime);
          await this.recordEnqueue(manager, item);
        }
      }
      this.dirty.add(name);
    }
    this.wake();
  }

  /** Queues a review event for the next pass. */
  onEvent(event: ReviewEvent): void {
    this.events.push(() => handleTriggerEvent(this, event));
    this.wake();
  }

  /** Runs `fn` inside a pass (admin actions), after the events before it. */
  submitAction(fn: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.events.push(() => fn().then(resolve, reject));
      this.wake();
    });
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.pass().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        } else if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
      });
    });
  }

  /** True when no event waits and no merge or build runs. */
  isIdle(): boolean {
    if (this.events.length > 0 || this.running || this.scheduled) return false;
    for (const m of this.managers.values())
      for (const i of m.items()) {
        if (i.merge.kind === 'pending') return false;
        for (const b of i.builds.values()) if (b.abort) return false;
      }
    return true;
  }

  /** Waits until nothing is left to do right now. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const m of this.managers.values()) for (const i of m.items()) i.cancel();
  }

  private async pass(): Promise<void> {
    try {
      while (this.events.length > 0) await this.events.shift()!();
      if (!this.layoutValue) return;
      for (const manager of this.managers.values()) await this.processPipeline(manager);
      for (const name of this.dirty) await this.deps.store.save(this.tenant, name, this.snapshot(name));
      this.dirty.clear();
    } catch (err) {
      this.deps.log.error({ err, tenant: this.tenant }, 'scheduler pass failed');
    }
  }

  markDirty(pipeline: string): void {
    this.dirty.add(pipeline);
  }

  private snapshot(name: string): PipelineSnapshot {
    const manager = this.managers.get(name);
    return {
      queues: (manager?.queues ?? []).map((q) => ({
        name: q.name,
        window: q.window,
        items: q.items.map((i) => ({
          change: i.change,
          live: i.live,
          enqueueTime: i.enqueueTime,
          buildsetUuid: i.buildsetUuid,
        })),
      })),
    };
  }

  private async processPipeline(manager: PipelineManager): Promise<void> {
    for (const queue of [...manager.queues]) {
      manager.restack(queue);
      for (const item of [...queue.items]) {
        if (item.removed || !manager.isActionable(queue, item)) continue;
        const stacked = manager.kind === 'dependent' || manager.kind === 'independent';
        if (item.merge.kind === 'none') {
          if (stacked && item.ahead) {
            if (item.ahead.merge.kind === 'conflict' && manager.kind === 'independent') {
              item.merge = {
                kind: 'conflict',
                message: `change ${item.ahead.change.number} it depends on does not merge`,
              };
            } else if (item.ahead.merge.kind !== 'merged') continue;
          }
          if (item.merge.kind === 'none') startMerge(this, item, stacked);
          continue;
        }
        if (item.merge.kind === 'merged' && item.layout === null && item.live) {
          try {
            await prepareItem(this, item, manager.pipeline);
          } catch (err) {
            // Never let one item stop the scheduler: it fails with the reason, the queue goes on.
            this.deps.log.error({ err, change: item.change.number }, 'preparing an item failed');
            item.failure = `The gate could not prepare this change: ${(err as Error).message}`;
          }
          if (item.graph && !item.startReported) {
            item.startReported = true;
            await this.report(manager, item, 'start');
          }
        }
        if (item.graph && item.live) launchJobs(this, item, manager.pipeline);
      }
      // Reports: the head first (dependent queues merge in order); then independent items as they finish.
      for (const item of [...queue.items]) {
        if (item.removed || !manager.mayReport(queue, item)) continue;
        await this.reportItem(manager, queue, item);
      }
    }
  }

  private async report(manager: PipelineManager, item: QueueItem, action: Parameters<typeof postReport>[4]) {
    try {
      await postReport(this.deps.connection, this.deps.connectionName, manager.pipeline, item, action, (uuid) =>
        this.deps.buildUrl(this.tenant, uuid),
      );
    } catch (err) {
      this.deps.log.warn({ err, change: item.change.number, action }, 'reporting failed');
    }
  }

  private async reportItem(manager: PipelineManager, queue: ChangeQueue, item: QueueItem): Promise<void> {
    const action = reportAction(item);
    const pipeline = manager.pipeline;
    const counter = this.counters.get(pipeline.name) ?? { trigger: 0, result: 0 };
    this.counters.set(pipeline.name, counter);
    item.reporting = true;
    try {
      if (action === 'success' && submits(pipeline, action, this.deps.connectionName) && item.merge.kind === 'merged') {
        // No change merges without a successful buildset for the exact state that merges: the branch must still
        // hold what the item was merged onto, else everything from here is tested again.
        const tip = await this.deps.merger.branchTree(item.change.project, item.change.branch);
        if (tip !== item.merge.baseTree) {
          await this.deps.recorder
            .buildsetEvent(item.buildsetUuid, 'reset', 'the branch moved; testing again', new Date())
            .catch(() => undefined);
          resetChain(queue.items, item);
          return;
        }
        await this.report(manager, item, action);
        try {
          await this.deps.connection.submit(item.change);
        } catch (err) {
          item.failure = `This change could not be merged: ${err instanceof SubmitError ? err.message : String(err)}`;
          this.wake();
          return;
        }
      } else await this.report(manager, item, action);
      counter.result += 1;
      const success = action === 'success' || action === 'no-jobs';
      await this.deps.recorder
        .buildsetFinished(
          item.buildsetUuid,
          action === 'success' ? 'SUCCESS' : action.toUpperCase().replace('-', '_'),
          null,
          new Date(),
        )
        .catch(() => undefined);
      if (manager.kind === 'dependent') {
        if (success) queue.increaseWindow();
        else queue.decreaseWindow();
      }
      if (manager.kind === 'independent') for (const other of [...queue.items]) manager.remove(other, true);
      else manager.remove(item, success);
      this.markDirty(pipeline.name);
    } finally {
      item.reporting = false;
    }
  }

  async recordEnqueue(manager: PipelineManager, item: QueueItem): Promise<void> {
    this.markDirty(manager.pipeline.name);
    const c = item.change;
    const { recorder, log } = this.deps;
    const created = () =>
      recorder
        .buildsetCreated({
          uuid: item.buildsetUuid,
          tenant: this.tenant,
          pipeline: manager.pipeline.name,
          project: c.project,
          branch: c.branch,
          change: c.number,
          patchset: c.patchset,
          ref: c.ref,
          commit: null,
          eventId: null,
        })
        .catch((err: Error) => log.warn({ err }, 'recording a buildset failed'));
    // A reset closes the buildset it had and opens the one it is tested again in.
    item.onReset = (previous) => {
      void recorder
        .buildsetFinished(previous, 'ABORTED', 'tested again: the items ahead changed', new Date())
        .catch(() => undefined)
        .then(created);
    };
    await created();
  }

  /** Takes a change's items out of a pipeline (new patch set, abandoned, admin dequeue). */
  dequeueChange(manager: PipelineManager, number: number, keep?: (item: QueueItem) => boolean): QueueItem[] {
    const removed: QueueItem[] = [];
    for (const item of manager.items()) {
      if (item.change.number !== number || item.reporting || keep?.(item)) continue;
      manager.remove(item);
      removed.push(item);
      void this.deps.recorder.buildsetFinished(item.buildsetUuid, 'DEQUEUED', null, new Date()).catch(() => undefined);
    }
    if (removed.length > 0) this.markDirty(manager.pipeline.name);
    return removed;
  }

  /** Admin enqueue (zuul-client enqueue): the change goes in without trigger filters or requirements. */
  async forceEnqueue(pipeline: string, change: GateChange): Promise<void> {
    const manager = this.managers.get(pipeline);
    if (!manager) throw new NotFound(`Pipeline ${pipeline} not found`);
    await addChange(this, manager, change, { ignoreRequirements: true });
  }

  triggered(pipeline: string, _event: TriggerEvent): void {
    const counter = this.counters.get(pipeline) ?? { trigger: 0, result: 0 };
    counter.trigger += 1;
    this.counters.set(pipeline, counter);
  }
}
