// Zuul's result rules, table-driven: which playbook outcome gives which build result and whether it is retried.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlaybookStatus } from './ansible-run.js';
import { decideResult, type Phase, type PhaseRun } from './build-result.js';

const pb = (phase: Phase, code: number | null, status: PlaybookStatus = 'normal'): PhaseRun => ({
  phase,
  status,
  code,
  durationMs: 1,
  playbook: `${phase}.yaml`,
});

describe('decideResult', () => {
  const cases: [string, PhaseRun[], string, boolean][] = [
    ['everything passes', [pb('pre', 0), pb('run', 0), pb('post', 0)], 'SUCCESS', false],
    ['no playbooks at all', [], 'SUCCESS', false],
    ['run fails', [pb('pre', 0), pb('run', 2), pb('post', 0)], 'FAILURE', false],
    ['pre-run fails', [pb('pre', 2), pb('post', 0)], 'FAILURE', true],
    ['pre-run times out', [pb('pre', null, 'timed_out'), pb('post', 0)], 'FAILURE', true],
    ['pre-run host unreachable', [pb('pre', 4)], 'FAILURE', true],
    ['pre-run fails and post-run fails: the retry wins', [pb('pre', 2), pb('post', 2)], 'FAILURE', true],
    ['run times out', [pb('run', null, 'timed_out'), pb('post', 0)], 'TIMED_OUT', false],
    ['run times out and post fails', [pb('run', null, 'timed_out'), pb('post', 2)], 'TIMED_OUT', false],
    ['run host unreachable', [pb('run', 4)], 'ERROR', true],
    ['post-run fails after a good run', [pb('run', 0), pb('post', 2)], 'POST_FAILURE', false],
    ['post-run fails after a failed run', [pb('run', 2), pb('post', 2)], 'FAILURE', false],
    ['cleanup fails', [pb('run', 0), pb('cleanup', 2)], 'SUCCESS', false],
    ['aborted in run', [pb('run', null, 'aborted'), pb('cleanup', 0)], 'ABORTED', false],
  ];
  for (const [name, runs, result, retryable] of cases) {
    it(`${name} → ${result}${retryable ? ' (retried)' : ''}`, () => {
      const decision = decideResult(runs);
      assert.equal(decision.result, result);
      assert.equal(decision.retryable, retryable);
      assert.equal(decision.error === null, result === 'SUCCESS');
    });
  }
});
