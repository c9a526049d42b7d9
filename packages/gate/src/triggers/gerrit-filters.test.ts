import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from '../model/config-value.js';
import type { GateChange } from '../scheduler/gate-change.js';
import { filterMatches, isRejected, meetsRequirements } from './gerrit-filters.js';
import { triggerEventOf } from './trigger-event.js';

const commentEvent = (comment: string, approvals: { type: string; value: string }[] = []) =>
  triggerEventOf({
    type: 'comment-added',
    eventCreatedOn: 1,
    project: 'org/a',
    change: { project: 'org/a', branch: 'master', number: 5 },
    patchSet: { number: 2 },
    author: { username: 'core', email: 'core@example.com' },
    comment,
    approvals,
  })!;

const change = (approvals: GateChange['approvals'], extra: Partial<GateChange> = {}) =>
  ({ status: 'NEW', isCurrentPatchset: true, wip: false, approvals, ...extra }) as GateChange;

describe('gerrit trigger filters', () => {
  it('reads Gerrit events', () => {
    const e = commentEvent('Patch Set 2:\n\nrecheck', [{ type: 'Workflow', value: '1' }]);
    assert.equal(e.change, 5);
    assert.equal(e.patchset, 2);
    assert.equal(e.branch, 'master');
    assert.deepEqual(e.approvals, [{ type: 'Workflow', value: 1, oldValue: null }]);
    const ref = triggerEventOf({
      type: 'ref-updated',
      eventCreatedOn: 1,
      refUpdate: { project: 'org/a', refName: 'refs/heads/stable/1', oldRev: 'a', newRev: 'b' },
    })!;
    assert.equal(ref.branch, 'stable/1');
    assert.equal(ref.project, 'org/a');
  });

  it('matches comments anywhere, with or without the Patch Set header', () => {
    const recheck = { event: 'comment-added', comment: '(?i)^\\s*recheck' };
    assert.ok(filterMatches(recheck, commentEvent('Patch Set 2:\n\nRECHECK please')));
    assert.ok(filterMatches(recheck, commentEvent('recheck')));
    assert.ok(!filterMatches(recheck, commentEvent('Patch Set 2:\n\nplease recheck')));
    assert.ok(
      filterMatches(
        { event: 'comment-added', comment: '(?i)^(Patch Set [0-9]+:)?( [\\w\\\\+-]*)*(\\n\\n)?\\s*recheck' },
        commentEvent('Patch Set 2:\n\nrecheck'),
      ),
    );
    assert.ok(!filterMatches({ event: 'patchset-created' }, commentEvent('recheck')));
  });

  it('approval, branch and username filters', () => {
    const approved = commentEvent('x', [{ type: 'Workflow', value: '1' }]);
    assert.ok(filterMatches({ event: 'comment-added', approval: [{ Workflow: 1 }] }, approved));
    assert.ok(!filterMatches({ event: 'comment-added', approval: [{ Workflow: 1 }] }, commentEvent('x')));
    assert.ok(!filterMatches({ approval: [{ 'Code-Review': 2 }] }, approved));
    assert.ok(filterMatches({ branch: '^master$', username: 'co' }, approved));
    assert.ok(!filterMatches({ branch: 'stable/.*' }, approved));
    assert.ok(!filterMatches({ username: 'zuul' }, approved));
  });
});

describe('gerrit require and reject', () => {
  const votes = [
    { label: 'Code-Review', value: 2, username: 'core' },
    { label: 'Workflow', value: 1, username: 'core' },
    { label: 'Verified', value: 1, username: 'zuul' },
  ];
  it('require: open, current patch set, approvals by value and user', () => {
    const gate: ConfigMap = {
      open: true,
      'current-patchset': true,
      approval: [{ Workflow: 1 }, { Verified: [1, 2], username: 'zuul' }],
    };
    assert.ok(meetsRequirements(gate, change(votes)));
    assert.ok(!meetsRequirements(gate, change(votes, { isCurrentPatchset: false })));
    assert.ok(!meetsRequirements(gate, change(votes, { status: 'MERGED' })));
    assert.ok(!meetsRequirements(gate, change(votes.filter((v) => v.label !== 'Workflow'))));
    assert.ok(!meetsRequirements({ approval: [{ Verified: 1, username: 'someone' }] }, change(votes)));
    assert.ok(meetsRequirements({ status: ['NEW'] }, change(votes)));
  });

  it('reject: any matching condition rejects', () => {
    assert.ok(
      isRejected({ approval: [{ 'Code-Review': [-2] }] }, change([{ label: 'Code-Review', value: -2, username: 'x' }])),
    );
    assert.ok(!isRejected({ approval: [{ 'Code-Review': [-2] }] }, change(votes)));
    assert.ok(isRejected({ wip: true }, change(votes, { wip: true })));
  });
});
