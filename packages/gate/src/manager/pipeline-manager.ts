// The four queue managers of Zuul (independent, dependent, serial, supercedent): which queue an item joins, which
// items may run, which item may report, and how the items of a dependent queue re-stack behind a failure.
import type { Layout } from '../model/layout.js';
import type { Pipeline } from '../model/pipeline.js';
import type { GateChange } from '../scheduler/gate-change.js';
import { ChangeQueue } from './change-queue.js';
import { QueueItem } from './queue-item.js';

export class PipelineManager {
  queues: ChangeQueue[] = [];

  constructor(public pipeline: Pipeline) {}

  get kind() {
    return this.pipeline.manager;
  }

  /** Every item of every queue, in queue order. */
  items(): QueueItem[] {
    return this.queues.flatMap((q) => q.items);
  }

  /** The item of a change (any patch set unless given), if it is in this pipeline. */
  findItem(number: number, patchset?: number): QueueItem | undefined {
    return this.items().find(
      (i) => i.change.number === number && (patchset === undefined || i.change.patchset === patchset),
    );
  }

  queueOf(item: QueueItem): ChangeQueue | undefined {
    return this.queues.find((q) => q.items.includes(item));
  }

  /**
   * The name of the queue a change joins. Dependent and serial pipelines share a queue between the projects naming
   * the same `queue` (per branch when the queue says so); otherwise each project has its own. Supercedent queues are
   * per project and branch. Independent pipelines give every item a queue of its own (null here).
   */
  queueName(layout: Layout, change: Pick<GateChange, 'project' | 'branch'>): string | null {
    if (this.kind === 'independent') return null;
    if (this.kind === 'supercedent') return `${change.project}@${change.branch}`;
    const shared = layout.projectMetadata.get(change.project)?.queueName ?? null;
    const perBranch = shared !== null && (layout.queues.get(shared)?.perBranch ?? false);
    const name = shared ?? change.project;
    return perBranch ? `${name}@${change.branch}` : name;
  }

  /** Finds or makes the queue a change joins; `fresh` forces a new one (independent pipelines). */
  queueFor(layout: Layout, change: Pick<GateChange, 'project' | 'branch'>): ChangeQueue {
    const name = this.queueName(layout, change);
    if (name !== null) {
      const existing = this.queues.find((q) => q.name === name);
      if (existing) return existing;
    }
    const windowed = this.kind === 'dependent' ? this.pipeline.window : null;
    const queue = new ChangeQueue(
      name ?? change.project,
      windowed,
      windowed?.window ?? 0,
      this.kind === 'serial' || this.kind === 'supercedent',
    );
    this.queues.push(queue);
    return queue;
  }

  /**
   * Appends an item. In a dependent or independent queue it stacks on the last item (its speculative state includes
   * everything ahead); serial and supercedent items test alone. A supercedent queue keeps one running item and one
   * waiting: a newer item replaces the waiting one, which is returned in `superseded`.
   */
  add(queue: ChangeQueue, change: GateChange, live: boolean, enqueueTime?: number) {
    const superseded: QueueItem[] = [];
    if (this.kind === 'supercedent') {
      while (queue.items.length > 1) superseded.push(this.remove(queue.items[queue.items.length - 1]!));
    }
    const item = new QueueItem(change, live, enqueueTime);
    const stacks = this.kind === 'dependent' || this.kind === 'independent';
    item.ahead = stacks ? (nearestNonFailing(queue.items) ?? null) : null;
    queue.items.push(item);
    return { item, superseded };
  }

  /**
   * Takes an item out of its queue. Items built on it are re-linked to what was ahead of it and reset, unless it
   * `merged` (then their state is exactly what the branch now holds). Empty queues go, except shared ones keep their
   * window.
   */
  remove(item: QueueItem, merged = false): QueueItem {
    const queue = this.queueOf(item);
    item.removed = true;
    item.cancel();
    if (!queue) return item;
    queue.items.splice(queue.items.indexOf(item), 1);
    for (const other of queue.items) {
      if (other.ahead !== item) continue;
      other.ahead = item.ahead;
      if (!merged) resetChain(queue.items, other);
    }
    if (queue.items.length === 0 && (this.kind === 'independent' || this.kind === 'supercedent')) {
      this.queues.splice(this.queues.indexOf(queue), 1);
    }
    return item;
  }

  /**
   * Zuul's nearest-non-failing-item rule for a dependent queue: every item must sit on the nearest item ahead of it
   * that is not failing; one that does not is moved there and reset (it will be tested without the failing change).
   * Returns the items reset.
   */
  restack(queue: ChangeQueue): QueueItem[] {
    if (this.kind !== 'dependent') return [];
    const reset: QueueItem[] = [];
    let nnfi: QueueItem | null = null;
    for (const item of queue.items) {
      // Moved behind a different item, or built on one that was just reset: either way its state is gone.
      if (item.ahead !== nnfi || (item.ahead !== null && reset.includes(item.ahead))) {
        item.ahead = nnfi;
        item.reset();
        reset.push(item);
      }
      if (!item.isFailing()) nnfi = item;
    }
    return reset;
  }

  /** Whether the item may run now (inside the window, or the head of a one-at-a-time queue). */
  isActionable(queue: ChangeQueue, item: QueueItem): boolean {
    return queue.isActionable(item);
  }

  /**
   * Whether the item may report: it is complete, and in a dependent, serial or supercedent queue it is the head (so
   * changes merge in order). An independent item reports as soon as it is done; the non-live items ahead of it only
   * give it their state.
   */
  mayReport(queue: ChangeQueue, item: QueueItem): boolean {
    if (!item.live || item.reporting || !item.isComplete()) return false;
    if (this.kind === 'independent') return true;
    return queue.items[0] === item;
  }
}

function nearestNonFailing(items: readonly QueueItem[]): QueueItem | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (!items[i]!.isFailing()) return items[i];
  return undefined;
}

/** Resets `start` and every item whose state is built on it. */
export function resetChain(items: readonly QueueItem[], start: QueueItem): QueueItem[] {
  const reset = new Set<QueueItem>([start]);
  start.reset();
  for (const item of items) {
    if (reset.has(item)) continue;
    for (let a = item.ahead; a; a = a.ahead) {
      if (reset.has(a)) {
        item.reset();
        reset.add(item);
        break;
      }
    }
  }
  return [...reset];
}
