import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layout } from '../model/layout.js';
import type { PipelineManager as ManagerKind, Pipeline } from '../model/pipeline.js';
import type { GateChange } from '../scheduler/gate-change.js';
import { grownWindow, shrunkWindow } from './change-queue.js';
import { PipelineManager } from './pipeline-manager.js';
import type { QueueItem } from './queue-item.js';

const window = {
  window: 20,
  floor: 3,
  ceiling: null,
  increaseType: 'linear',
  increaseFactor: 1,
  decreaseType: 'exponential',
  decreaseFactor: 2,
} as const;

function pipeline(manager: ManagerKind): Pipeline {
  return { name: manager, manager, window, supercedes: [], dequeueOnNewPatchset: true } as unknown as Pipeline;
}

const layout = {
  projectMetadata: new Map([
    ['a', { queueName: 'shared', mergeMode: null, defaultBranch: 'master' }],
    ['b', { queueName: 'shared', mergeMode: null, defaultBranch: 'master' }],
  ]),
  queues: new Map(),
} as unknown as Layout;

function change(number: number, project = 'a', patchset = 1): GateChange {
  return { number, patchset, project, branch: 'master' } as GateChange;
}

/** Marks an item merged with one finished job of the given result. */
function finish(item: QueueItem, result: 'SUCCESS' | 'FAILURE') {
  item.merge = { kind: 'merged', state: new Map(), baseTree: 't', files: [] };
  item.graph = { jobs: [], dependents: {} };
  item.builds.set('job', {
    job: { name: 'job', voting: true } as never,
    uuid: 'u',
    result,
    tries: 1,
    startTime: null,
    endTime: null,
    error: null,
    waiting: null,
    abort: null,
  });
}

describe('dependent window arithmetic', () => {
  it('grows by one after a merge and halves after a failure, never under the floor', () => {
    assert.equal(grownWindow(20, window), 21);
    assert.equal(shrunkWindow(20, window), 10);
    assert.equal(shrunkWindow(10, window), 5);
    assert.equal(shrunkWindow(5, window), 3);
    assert.equal(shrunkWindow(3, window), 3);
    assert.equal(grownWindow(5, { ...window, ceiling: 5 }), 5);
    assert.equal(grownWindow(4, { ...window, increaseType: 'exponential', increaseFactor: 2 }), 8);
    assert.equal(shrunkWindow(9, { ...window, decreaseType: 'linear', decreaseFactor: 2 }), 7);
  });

  it('only the first `window` items of a queue are actionable', () => {
    const m = new PipelineManager(pipeline('dependent'));
    const q = m.queueFor(layout, change(1));
    for (let i = 1; i <= 5; i++) m.add(q, change(i), true);
    q.window = 3;
    assert.deepEqual(
      q.items.map((i) => m.isActionable(q, i)),
      [true, true, true, false, false],
    );
  });
});

describe('dependent pipeline', () => {
  it('projects naming the same queue share it; items stack on each other', () => {
    const m = new PipelineManager(pipeline('dependent'));
    const q1 = m.queueFor(layout, change(1, 'a'));
    const { item: first } = m.add(q1, change(1, 'a'), true);
    const q2 = m.queueFor(layout, change(2, 'b'));
    assert.equal(q1, q2);
    const { item: second } = m.add(q2, change(2, 'b'), true);
    assert.equal(second.ahead, first);
    assert.notEqual(m.queueFor(layout, change(3, 'c')), q1);
  });

  it('nearest non-failing item: items behind a failure restart without it', () => {
    const m = new PipelineManager(pipeline('dependent'));
    const q = m.queueFor(layout, change(1));
    const items = [1, 2, 3, 4, 5].map((n) => m.add(q, change(n), true).item);
    for (const i of items) finish(i, 'SUCCESS');
    finish(items[1]!, 'FAILURE');
    const generations = items.map((i) => i.generation);
    const reset = m.restack(q);
    assert.deepEqual(
      reset.map((i) => i.change.number),
      [3, 4, 5],
    );
    assert.equal(items[2]!.ahead, items[0], 'change 3 now sits on change 1');
    assert.equal(items[3]!.ahead, items[2]);
    assert.equal(items[1]!.ahead, items[0], 'the failing item keeps its place');
    assert.equal(items[0]!.generation, generations[0], 'the item ahead is untouched');
    assert.equal(items[2]!.merge.kind, 'none', 'reset items merge again');
    assert.deepEqual(m.restack(q), [], 'stable once restacked');
  });

  it('a new patch set dequeues the old one and resets what was built on it', () => {
    const m = new PipelineManager(pipeline('dependent'));
    const q = m.queueFor(layout, change(1));
    const [a, b, c] = [1, 2, 3].map((n) => m.add(q, change(n), true).item);
    for (const i of [a!, b!, c!]) finish(i, 'SUCCESS');
    m.remove(b!);
    assert.equal(c!.ahead, a);
    assert.equal(c!.merge.kind, 'none', 'tested again without the old patch set');
    assert.equal(a!.merge.kind, 'merged');
    assert.deepEqual(
      q.items.map((i) => i.change.number),
      [1, 3],
    );
  });

  it('a merged head leaves the items behind as they are', () => {
    const m = new PipelineManager(pipeline('dependent'));
    const q = m.queueFor(layout, change(1));
    const [a, b] = [1, 2].map((n) => m.add(q, change(n), true).item);
    finish(a!, 'SUCCESS');
    finish(b!, 'SUCCESS');
    assert.ok(m.mayReport(q, a!));
    assert.ok(!m.mayReport(q, b!), 'only the head reports');
    m.remove(a!, true);
    assert.equal(b!.ahead, null);
    assert.equal(b!.merge.kind, 'merged');
  });
});

describe('supercedent and serial pipelines', () => {
  it('a newer item replaces the waiting one; one runs at a time', () => {
    const m = new PipelineManager(pipeline('supercedent'));
    const q = m.queueFor(layout, change(1));
    m.add(q, change(1), true);
    m.add(q, change(2), true);
    const { superseded } = m.add(q, change(3), true);
    assert.deepEqual(
      superseded.map((i) => i.change.number),
      [2],
    );
    assert.deepEqual(
      q.items.map((i) => i.change.number),
      [1, 3],
    );
    assert.ok(m.isActionable(q, q.items[0]!));
    assert.ok(!m.isActionable(q, q.items[1]!));
    assert.equal(q.items[1]!.ahead, null, 'not speculative');
  });

  it('serial queues run one item at a time without stacking', () => {
    const m = new PipelineManager(pipeline('serial'));
    const q = m.queueFor(layout, change(1, 'a'));
    const [a, b] = [1, 2].map((n) => m.add(q, change(n, n === 1 ? 'a' : 'b'), true).item);
    assert.equal(b!.ahead, null);
    assert.ok(m.isActionable(q, a!) && !m.isActionable(q, b!));
  });
});

describe('independent pipeline', () => {
  it('every change gets its own queue and reports when done', () => {
    const m = new PipelineManager(pipeline('independent'));
    const q1 = m.queueFor(layout, change(1));
    m.add(q1, change(1), true);
    const q2 = m.queueFor(layout, change(2));
    const { item } = m.add(q2, change(2), true);
    assert.notEqual(q1, q2);
    finish(item, 'FAILURE');
    assert.ok(m.mayReport(q2, item));
  });
});
