// From a review event to queue items (Zuul's addChange): trigger filters, require/reject, the changes a change
// depends on (enqueued ahead of it, or non-live in an independent pipeline), dequeue on a new patch set, supersede,
// reconfiguration when configuration merges.
import type { PipelineManager } from '../manager/pipeline-manager.js';
import type { QueueItem } from '../manager/queue-item.js';
import type { Layout } from '../model/layout.js';
import { filterMatches, isRejected, meetsRequirements } from '../triggers/gerrit-filters.js';
import { type TriggerEvent, triggerEventOf } from '../triggers/trigger-event.js';
import type { GateChange, ReviewEvent } from './gate-change.js';
import { updateTouchesConfig } from './repo-reader.js';
import type { SchedulerDeps } from './scheduler-deps.js';

export interface EnqueueContext {
  readonly tenant: string;
  readonly deps: SchedulerDeps;
  readonly managers: Map<string, PipelineManager>;
  /** Depends-On footer (a change number as text, or a Change-Id) → the changes that name it. */
  readonly dependents: Map<string, Set<number>>;
  layout(): Layout;
  reconfigure(): Promise<void>;
  recordEnqueue(manager: PipelineManager, item: QueueItem): Promise<void>;
  dequeueChange(manager: PipelineManager, number: number, keep?: (item: QueueItem) => boolean): QueueItem[];
  markDirty(pipeline: string): void;
  triggered(pipeline: string, event: TriggerEvent): void;
}

export interface AddOptions {
  readonly ignoreRequirements?: boolean;
  /** The changes being added up the dependency chain (cycles are refused). */
  readonly seen?: Set<number>;
}

/** Handles one review event for every pipeline of the tenant. */
export async function handleTriggerEvent(ctx: EnqueueContext, raw: ReviewEvent): Promise<void> {
  const event = triggerEventOf(raw);
  if (!event) return;
  const layout = ctx.layout();
  const tenantProject = layout.tenant.projects.find((p) => p.name === event.project);
  if (!tenantProject) return;
  if (event.type === 'ref-updated' && event.branch !== null) {
    // A config-project's change applies when it merges; an untrusted project's in-repo configuration too.
    if (await editsConfig(ctx, event)) await ctx.reconfigure();
  }
  if (event.change !== null) {
    for (const manager of ctx.managers.values()) {
      if (event.type === 'patchset-created' && manager.pipeline.dequeueOnNewPatchset) {
        ctx.dequeueChange(manager, event.change, (i) => i.change.patchset >= (event.patchset ?? 0));
      }
      if (event.type === 'change-abandoned') ctx.dequeueChange(manager, event.change);
    }
  }
  let change: GateChange | null | undefined;
  for (const manager of ctx.managers.values()) {
    const triggers = manager.pipeline.triggers.filter((t) => t.connection === ctx.deps.connectionName);
    if (!triggers.some((t) => t.filters.some((f) => filterMatches(f, event)))) continue;
    ctx.triggered(manager.pipeline.name, event);
    if (event.change === null) continue; // ref items (post, tag pipelines) are not supported yet
    change ??= await ctx.deps.connection.getChange(event.change, event.patchset ?? undefined);
    if (!change) return;
    await addChange(ctx, manager, change, {});
  }
}

async function editsConfig(ctx: EnqueueContext, event: TriggerEvent): Promise<boolean> {
  // A project whose repository was missing at the last load, or a branch not loaded yet, always reloads.
  const loaded = ctx.layout().projectBranches.get(event.project);
  if (!loaded?.includes(event.branch ?? '')) return true;
  const tp = ctx.layout().tenant.projects.find((p) => p.name === event.project);
  return updateTouchesConfig(
    ctx.deps.connection.repositoryPath(event.project),
    event.oldRev ?? '0',
    event.newRev ?? '0',
    tp?.extraConfigPaths ?? [],
  );
}

/** Whether the project runs anything in the pipeline (a job list there in a stanza or one of its templates). */
function participates(layout: Layout, project: string, pipeline: string): boolean {
  for (const stanza of layout.projectConfigs.get(project) ?? []) {
    if (stanza.pipelines.some((p) => p.pipeline === pipeline)) return true;
    for (const t of stanza.templates)
      for (const tpl of layout.projectTemplates.get(t) ?? [])
        if (tpl.pipelines.some((p) => p.pipeline === pipeline)) return true;
  }
  return false;
}

function meetsPipeline(ctx: EnqueueContext, manager: PipelineManager, change: GateChange): boolean {
  const name = ctx.deps.connectionName;
  const p = manager.pipeline;
  return (
    p.require.filter((r) => r.connection === name).every((r) => meetsRequirements(r.conditions, change)) &&
    !p.reject.filter((r) => r.connection === name).some((r) => isRejected(r.conditions, change))
  );
}

/** The open changes a change names in Depends-On (merged ones need nothing). */
async function neededChanges(ctx: EnqueueContext, change: GateChange): Promise<GateChange[]> {
  const needed: GateChange[] = [];
  for (const footer of change.dependsOn) {
    const number = /\/\+\/(\d+)\/?$/.exec(footer)?.[1];
    const key = number ?? footer.trim();
    const set = ctx.dependents.get(key) ?? new Set<number>();
    ctx.dependents.set(key, set);
    set.add(change.number);
    for (const dep of await ctx.deps.connection.resolveDependency(footer, change.project)) {
      if (dep.status === 'NEW' && dep.number !== change.number) needed.push(dep);
    }
  }
  return needed;
}

/**
 * Adds a change to a pipeline. Returns false when it cannot go in: not a project of the tenant, no jobs in this
 * pipeline, requirements unmet, or a change it depends on that cannot be ahead of it.
 */
export async function addChange(
  ctx: EnqueueContext,
  manager: PipelineManager,
  change: GateChange,
  options: AddOptions,
): Promise<boolean> {
  const layout = ctx.layout();
  const seen = options.seen ?? new Set<number>();
  if (seen.has(change.number)) return false;
  seen.add(change.number);
  if (manager.findItem(change.number, change.patchset)) return true;
  if (change.status !== 'NEW' || !layout.tenant.projects.some((p) => p.name === change.project)) return false;
  if (!participates(layout, change.project, manager.pipeline.name)) return false;
  if (!options.ignoreRequirements && !meetsPipeline(ctx, manager, change)) return false;
  const needed = manager.pipeline.ignoreDependencies ? [] : await neededChanges(ctx, change);
  // `supercedes`: entering this pipeline takes the change out of the named ones (gate supersedes check).
  for (const p of manager.pipeline.supercedes) {
    const other = ctx.managers.get(p);
    if (other) ctx.dequeueChange(other, change.number);
  }

  if (manager.kind === 'independent') {
    const queue = manager.queueFor(layout, change);
    const ahead: GateChange[] = [];
    const visit = async (c: GateChange, depth: number) => {
      if (depth > 20 || ahead.some((a) => a.number === c.number)) return;
      for (const d of await neededChanges(ctx, c)) await visit(d, depth + 1);
      ahead.push(c);
    };
    for (const d of needed) await visit(d, 0);
    for (const d of ahead) manager.add(queue, d, false);
    const { item } = manager.add(queue, change, true);
    await ctx.recordEnqueue(manager, item);
  } else {
    const queueName = manager.queueName(layout, change);
    for (const dep of needed) {
      const existing = manager.findItem(dep.number);
      if (existing) {
        if (manager.queueOf(existing)?.name !== queueName) return false; // Zuul: dependencies must share the queue
        continue;
      }
      if (manager.queueName(layout, dep) !== queueName) return false;
      if (!(await addChange(ctx, manager, dep, { ...options, seen }))) return false;
    }
    const queue = manager.queueFor(layout, change);
    const { item, superseded } = manager.add(queue, change, true);
    for (const s of superseded) {
      await ctx.deps.recorder.buildsetFinished(s.buildsetUuid, 'SUPERSEDED', null, new Date()).catch(() => undefined);
    }
    await ctx.recordEnqueue(manager, item);
  }
  ctx.markDirty(manager.pipeline.name);
  if (manager.kind === 'dependent') await enqueueDependents(ctx, manager, change, seen);
  return true;
}

/** Changes waiting on this one (Depends-On) that now can follow it into a dependent pipeline. */
async function enqueueDependents(ctx: EnqueueContext, manager: PipelineManager, change: GateChange, seen: Set<number>) {
  const waiting = new Set([
    ...(ctx.dependents.get(String(change.number)) ?? []),
    ...(ctx.dependents.get(change.changeKey) ?? []),
  ]);
  for (const number of waiting) {
    if (manager.findItem(number) || seen.has(number)) continue;
    const dependent = await ctx.deps.connection.getChange(number);
    if (dependent) await addChange(ctx, manager, dependent, { seen: new Set(seen) });
  }
}
