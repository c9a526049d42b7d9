// Zuul's rules for a build's result from how its playbooks ended (zuul/executor/server.py, runPlaybooks):
// - a pre-run playbook that fails, times out or cannot reach a host stops the job; the build is retried
//   (the scheduler gives RETRY_LIMIT after `attempts`);
// - a run playbook: timeout → TIMED_OUT, a failed host → FAILURE, an unreachable host → retried;
// - a post-run playbook that fails makes a successful build POST_FAILURE; after a pre-run failure the retry wins;
// - an abort anywhere → ABORTED.

import type { PlaybookRun } from './ansible-run.js';
import type { BuildResult } from './executor.js';

export type Phase = 'pre' | 'run' | 'post' | 'cleanup';

export interface PhaseRun extends PlaybookRun {
  readonly phase: Phase;
  readonly playbook: string;
}

export interface Decision {
  readonly result: BuildResult;
  readonly retryable: boolean;
  readonly error: string | null;
}

const UNREACHABLE = 4;

function failed(run: PlaybookRun): boolean {
  return run.status !== 'normal' || run.code !== 0;
}

function describe(run: PhaseRun): string {
  if (run.status === 'timed_out') return `${run.phase} playbook ${run.playbook} timed out`;
  if (run.code === UNREACHABLE) return `${run.phase} playbook ${run.playbook}: a host was unreachable`;
  return `${run.phase} playbook ${run.playbook} failed (ansible-playbook exit code ${run.code ?? 'none'})`;
}

/** The result of a build from its playbook runs, in the order they ran (cleanup playbooks never change it). */
export function decideResult(runs: readonly PhaseRun[]): Decision {
  if (runs.some((r) => r.status === 'aborted' && r.phase !== 'cleanup')) {
    return { result: 'ABORTED', retryable: false, error: 'the build was aborted' };
  }
  const preFailure = runs.find((r) => r.phase === 'pre' && failed(r));
  if (preFailure) return { result: 'FAILURE', retryable: true, error: describe(preFailure) };
  let decision: Decision = { result: 'SUCCESS', retryable: false, error: null };
  const runFailure = runs.find((r) => r.phase === 'run' && failed(r));
  if (runFailure) {
    if (runFailure.status === 'timed_out')
      decision = { result: 'TIMED_OUT', retryable: false, error: describe(runFailure) };
    else if (runFailure.code === UNREACHABLE)
      decision = { result: 'ERROR', retryable: true, error: describe(runFailure) };
    else decision = { result: 'FAILURE', retryable: false, error: describe(runFailure) };
  }
  const postFailure = runs.find((r) => r.phase === 'post' && failed(r));
  if (postFailure && decision.result === 'SUCCESS') {
    return { result: 'POST_FAILURE', retryable: false, error: describe(postFailure) };
  }
  return decision;
}
