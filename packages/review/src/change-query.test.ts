// The change query language: parsing and matching.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Change } from './change-model.js';
import { accountOperands, coarseFilters, limitOf, matches, parseQuery, type QueryBindings } from './change-query.js';

const KEY = 'I0123456789abcdef0123456789abcdef01234567';

function change(overrides: Partial<Change> = {}): Change {
  return {
    number: 7,
    changeKey: KEY,
    project: 'nova',
    branch: 'master',
    topic: 'quota',
    ownerAccountId: 1000000,
    subject: 'Fix quota',
    status: 'NEW',
    currentPatchSet: 1,
    workInProgress: false,
    dependsOn: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    submittedAt: null,
    submitterAccountId: null,
    patchSets: [
      {
        number: 1,
        revision: 'abcdef0123456789abcdef0123456789abcdef01',
        ref: 'refs/changes/07/7/1',
        uploaderAccountId: 1000000,
        createdAt: '2026-01-01T00:00:00.000Z',
        kind: 'REWORK',
        commit: {
          commit: 'abcdef0123456789abcdef0123456789abcdef01',
          tree: 't',
          parents: [],
          author: { name: 'a', email: 'a@x', date: '2026-01-01T00:00:00Z' },
          committer: { name: 'a', email: 'a@x', date: '2026-01-01T00:00:00Z' },
          subject: 'Fix quota',
          message: `Fix quota\n\nChange-Id: ${KEY}\n`,
        },
        insertions: 1,
        deletions: 0,
      },
    ],
    approvals: [
      { patchSet: 1, label: 'Code-Review', accountId: 1000001, value: 2, grantedAt: 'x', tag: null, copied: false },
    ],
    messages: [],
    ...overrides,
  };
}

const bindings: QueryBindings = {
  accounts: new Map([
    ['alice', new Set([1000000])],
    ['bob', new Set([1000001])],
  ]),
};
const match = (query: string, c = change()) => matches(parseQuery(query), c, bindings);

describe('the change query language', () => {
  test('parses AND, OR, NOT, -, parentheses and quoted values', () => {
    assert.deepEqual(parseQuery('status:open'), { op: 'term', key: 'status', value: 'open' });
    assert.deepEqual(parseQuery('a:1 OR -b:"two words"'), {
      op: 'or',
      children: [
        { op: 'term', key: 'a', value: '1' },
        { op: 'not', child: { op: 'term', key: 'b', value: 'two words' } },
      ],
    });
    assert.deepEqual(parseQuery('(x:1 AND y:2) NOT z:3').op, 'and');
    assert.throws(() => parseQuery('(status:open'), /missing '\)'/);
    assert.throws(() => parseQuery(''), /empty query/);
  });

  test('status, project, branch, topic, owner, change, commit, message and bare words', () => {
    assert.ok(match('status:open'));
    assert.ok(match('is:open project:nova branch:master'));
    assert.ok(!match('status:merged'));
    assert.ok(match('status:merged', change({ status: 'MERGED' })));
    assert.ok(match('is:closed', change({ status: 'ABANDONED' })));
    assert.ok(match('projects:no topic:quota intopic:quo'));
    assert.ok(match('ref:refs/heads/master'));
    assert.ok(match('owner:alice') && !match('owner:bob'));
    assert.ok(match('change:7') && match(`change:${KEY}`) && match('7') && match(KEY));
    assert.ok(match('commit:abcdef01') && match('abcdef01'));
    assert.ok(match('message:quota') && match('quota') && !match('message:frob'));
    assert.ok(match('status:merged OR topic:quota') && !match('-topic:quota'));
  });

  test('labels: =, +N, >=, MAX/MIN, ,user, =0 for no vote, is:submittable', () => {
    assert.ok(match('label:Code-Review=2') && match('label:Code-Review+2') && match('label:code-review>=1'));
    assert.ok(match('label:Code-Review=MAX') && !match('label:Code-Review=MIN'));
    assert.ok(match('label:Code-Review=2,bob') && !match('label:Code-Review=2,user=alice'));
    assert.ok(match('label:Verified=0') && !match('label:Code-Review=0'));
    assert.ok(!match('is:submittable'));
    assert.throws(() => match('is:frob'), /Unrecognized value: frob/);
  });

  test('account operands, the SQL part and limit:', () => {
    assert.deepEqual(accountOperands(parseQuery('owner:self label:Code-Review=2,user=bob')), ['self', 'bob']);
    assert.throws(() => accountOperands(parseQuery('frob:x')), /Unsupported operator frob:x/);
    assert.deepEqual(coarseFilters(parseQuery('status:open project:nova branch:refs/heads/master x')), {
      statuses: ['NEW'],
      project: 'nova',
      branch: 'master',
    });
    assert.deepEqual(coarseFilters(parseQuery('status:open OR project:nova')), {});
    assert.equal(limitOf(parseQuery('status:open limit:5')), 5);
  });
});
