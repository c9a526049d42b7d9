// The git merger on real repositories: stacking changes, merge modes, conflicts, and reading merged files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryReview } from '../scheduler/memory-review.js';
import { GitMerger, repoKey } from './merger.js';

describe('GitMerger', () => {
  let work: string;
  let review: MemoryReview;
  let merger: GitMerger;
  const git = (project: string, ...args: string[]) => review.git.out(merger.pathOf(project), args);

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nubo-merger-'));
    review = new MemoryReview(join(work, 'review'));
    await review.createProject('p', { README: 'base\n', shared: 'line\n' });
    await review.createProject('q', { README: 'q\n' });
    merger = new GitMerger(join(work, 'merger'), (p) => review.repositoryPath(p));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const toMerge = (
    c: { project: string; ref: string; revision: string; subject: string },
    mode = 'merge' as const,
  ) => ({
    ...c,
    branch: 'master',
    mode,
  });

  it('stacks changes: the second merges onto the first, across projects', async () => {
    const one = await review.upload('p', { one: '1\n' }, 'One');
    const two = await review.upload('p', { two: '2\n' }, 'Two');
    const three = await review.upload('q', { three: '3\n' }, 'Three');
    const first = await merger.merge(null, toMerge(one));
    assert.ok(first.ok);
    assert.equal(first.state.get(repoKey('p', 'master'))!.commit, one.revision, 'a fast-forward is the change itself');
    assert.deepEqual(first.files, ['one']);
    const second = await merger.merge(first.state, toMerge(two));
    assert.ok(second.ok);
    const merged = second.state.get(repoKey('p', 'master'))!;
    assert.equal(second.baseTree, first.state.get(repoKey('p', 'master'))!.tree);
    assert.deepEqual((await git('p', 'ls-tree', '--name-only', merged.commit)).split('\n').sort(), [
      'README',
      'one',
      'shared',
      'two',
    ]);
    assert.equal(await git('p', 'log', '-1', '--format=%s', merged.commit), 'Merge "Two"');
    const third = await merger.merge(second.state, toMerge(three));
    assert.ok(third.ok);
    assert.equal(third.state.size, 2, 'the state holds both projects');
    assert.equal(third.state.get(repoKey('p', 'master'))!.commit, merged.commit);
  });

  it('reports a conflict instead of merging', async () => {
    const a = await review.upload('p', { shared: 'a\n' }, 'A');
    const b = await review.upload('p', { shared: 'b\n' }, 'B');
    const first = await merger.merge(null, toMerge(a));
    assert.ok(first.ok);
    const second = await merger.merge(first.state, toMerge(b));
    assert.equal(second.ok, false);
    if (!second.ok) assert.match(second.conflict, /does not merge/);
  });

  it('squash-merge and cherry-pick make one commit on the base', async () => {
    const a = await review.upload('p', { sa: 'a\n' }, 'Squash A');
    const b = await review.upload('p', { sb: 'b\n' }, 'Pick B');
    const first = await merger.merge(null, toMerge(a));
    assert.ok(first.ok);
    const base = first.state.get(repoKey('p', 'master'))!.commit;
    const squashed = await merger.merge(first.state, { ...toMerge(b), mode: 'squash-merge' });
    assert.ok(squashed.ok);
    const s = squashed.state.get(repoKey('p', 'master'))!.commit;
    assert.equal(await git('p', 'log', '-1', '--format=%P', s), base, 'one parent: the base');
    const picked = await merger.merge(first.state, { ...toMerge(b), mode: 'cherry-pick' });
    assert.ok(picked.ok);
    const p = picked.state.get(repoKey('p', 'master'))!;
    assert.equal(await git('p', 'log', '-1', '--format=%P', p.commit), base);
    assert.equal(p.tree, squashed.state.get(repoKey('p', 'master'))!.tree, 'same tree either way');
  });

  it('reads configuration files at a merged commit and knows the branch tree', async () => {
    const c = await review.upload('q', { '.zuul.yaml': '- project: {}\n', 'zuul.d/x.yaml': 'x\n' }, 'Config');
    const merged = await merger.merge(null, toMerge(c));
    assert.ok(merged.ok);
    const commit = merged.state.get(repoKey('q', 'master'))!.commit;
    assert.deepEqual(await merger.readFiles('q', commit, ['.zuul.yaml', 'zuul.d/']), {
      '.zuul.yaml': '- project: {}\n',
      'zuul.d/x.yaml': 'x\n',
    });
    assert.equal(await merger.branchTree('q', 'master'), merged.baseTree, 'nothing merged yet: the tip is the base');
    assert.equal(await merger.branchTree('q', 'nope'), null);
  });
});
