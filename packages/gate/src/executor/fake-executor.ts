// An executor that runs nothing: each build's result comes from a rule (a callback, or a file in the merged tree),
// after an optional delay. For the scheduler's tests and the gate benchmark; the real one is ansible-executor.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildListener, BuildOutcome, BuildRequest, BuildResult, Executor } from './executor.js';

/** What a rule decides for one build. */
export interface FakeDecision {
  readonly result: BuildResult;
  readonly retryable?: boolean;
  readonly error?: string;
}

export type FakeRule = (request: BuildRequest) => FakeDecision | Promise<FakeDecision>;

export interface FakeExecutorOptions {
  /** Decides each build; default: every build succeeds. */
  readonly rule?: FakeRule;
  /** How long a build "runs" (ms); 0 answers on the next tick. */
  readonly delayMs?: number;
  /** Write a job-output.txt into the build's log dir (off in the benchmark). */
  readonly writeLogs?: boolean;
}

export class FakeExecutor implements Executor {
  /** Every request received, in order (tests look at what ran, with which repository state). */
  readonly requests: BuildRequest[] = [];
  running = 0;
  private readonly rule: FakeRule;

  constructor(private readonly options: FakeExecutorOptions = {}) {
    this.rule = options.rule ?? (() => ({ result: 'SUCCESS' }));
  }

  async execute(request: BuildRequest, signal: AbortSignal, listener?: BuildListener): Promise<BuildOutcome> {
    this.requests.push(request);
    this.running += 1;
    const startTime = new Date();
    try {
      listener?.started?.({ nodes: [], startTime });
      const delay = this.options.delayMs ?? 0;
      const aborted = await new Promise<boolean>((resolve) => {
        if (signal.aborted) return resolve(true);
        const timer = setTimeout(() => resolve(false), delay);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve(true);
          },
          { once: true },
        );
      });
      const decision: FakeDecision = aborted ? { result: 'ABORTED' } : await this.rule(request);
      if (this.options.writeLogs) {
        mkdirSync(request.logDir, { recursive: true });
        writeFileSync(join(request.logDir, 'job-output.txt'), `${request.job.name}: ${decision.result}\n`);
      }
      listener?.console?.(`${request.job.name}: ${decision.result}`);
      return {
        result: decision.result,
        retryable: decision.retryable ?? false,
        startTime,
        endTime: new Date(),
        error: decision.result === 'SUCCESS' ? null : (decision.error ?? `fake ${decision.result}`),
        nodes: [],
        artifacts: [],
      };
    } finally {
      this.running -= 1;
    }
  }
}

/**
 * A rule reading the merged tree of the item's project: a file `path` (default `.fake-job-results`) with lines
 * `<job> <RESULT>` fails those jobs; no file, or no line for the job, is SUCCESS. The result follows the exact state
 * the merger built, so a failing change fails every item stacked on it.
 */
export function resultFileRule(path = '.fake-job-results', gitBinary = 'git'): FakeRule {
  return async (request) => {
    let result: BuildResult = 'SUCCESS';
    for (const repo of request.repos) {
      const text = await new Promise<string>((resolve) =>
        execFile(gitBinary, ['--git-dir', repo.path, 'show', `${repo.commit}:${path}`], (err, stdout) =>
          resolve(err ? '' : stdout),
        ),
      );
      for (const line of text.split('\n')) {
        const [job, value] = line.trim().split(/\s+/);
        if (job === request.job.name && value) result = value as BuildResult;
      }
    }
    return { result };
  };
}
