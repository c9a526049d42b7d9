// The labels and the submit rule.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatValue, labelNamed, submitRequirements, type Vote } from './labels.js';

const vote = (label: string, value: number, accountId = 1): Vote => ({ label, value, accountId });
const unmet = (votes: Vote[]) =>
  submitRequirements(votes)
    .filter((r) => !r.satisfied)
    .map((r) => r.name);

describe('labels and the submit rule', () => {
  test('submit needs Code-Review +2, Verified +1 or more, Workflow +1', () => {
    assert.deepEqual(unmet([]), ['Code-Review', 'Verified', 'Workflow']);
    assert.deepEqual(unmet([vote('Code-Review', 2), vote('Verified', 1), vote('Workflow', 1)]), []);
    assert.deepEqual(unmet([vote('Code-Review', 2), vote('Verified', 2), vote('Workflow', 1)]), []);
    assert.deepEqual(unmet([vote('Code-Review', 1), vote('Verified', 1), vote('Workflow', 1)]), ['Code-Review']);
  });

  test('a blocking vote (the minimum) fails its requirement whatever else is there', () => {
    const approved = [vote('Code-Review', 2), vote('Verified', 1), vote('Workflow', 1)];
    assert.deepEqual(unmet([...approved, vote('Code-Review', -2, 2)]), ['Code-Review']);
    assert.deepEqual(unmet([...approved, vote('Verified', -2, 2)]), ['Verified']);
    assert.deepEqual(unmet([...approved, vote('Workflow', -1, 2)]), ['Workflow']);
    assert.deepEqual(unmet([...approved, vote('Code-Review', -1, 2)]), [], 'a -1 does not block');
  });

  test('names match without case; values print as Gerrit does', () => {
    assert.equal(labelNamed('code-review')?.name, 'Code-Review');
    assert.equal(labelNamed('Nope'), undefined);
    assert.deepEqual([2, 0, -1].map(formatValue), ['+2', ' 0', '-1']);
    assert.equal(labelNamed('Code-Review')!.rule(2), 'review:vote_code_review_binding');
    assert.equal(labelNamed('Code-Review')!.rule(-1), 'review:vote_code_review');
  });
});
