// Runs one `ansible-playbook` in its own process group, line by line into the console, with a deadline and an abort
// signal. Either one kills the whole group (Ansible forks workers, and modules fork the job's commands), and the group
// is killed again when the playbook ends so that nothing a job left in the background outlives its build.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How a playbook ended: as Zuul's executor tells them apart (RESULT_NORMAL, _TIMED_OUT, _ABORTED). */
export type PlaybookStatus = 'normal' | 'timed_out' | 'aborted';

export interface PlaybookRun {
  readonly status: PlaybookStatus;
  /** ansible-playbook's exit code: 0 ok, 2 a host failed, 4 a host unreachable, others are errors. */
  readonly code: number | null;
  readonly durationMs: number;
}

export interface RunPlaybookOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Null: no deadline. */
  readonly timeoutMs: number | null;
  readonly signal: AbortSignal;
  readonly onLine: (line: string) => void;
  /** Time between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // The group is already gone.
  }
}

export function runPlaybook(options: RunPlaybookOptions): Promise<PlaybookRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    let status: PlaybookStatus = 'normal';
    if (options.signal.aborted) {
      resolve({ status: 'aborted', code: null, durationMs: 0 });
      return;
    }
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: { ...options.env },
      detached: true, // its own process group, so that one kill reaches every worker and command
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: PlaybookStatus) => {
      if (status !== 'normal') return;
      status = why;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.killGraceMs);
    };
    const deadline =
      options.timeoutMs === null ? undefined : setTimeout(() => stop('timed_out'), Math.max(0, options.timeoutMs));
    const onAbort = () => stop('aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });

    const out = createInterface({ input: child.stdout });
    out.on('line', options.onLine);
    const err = createInterface({ input: child.stderr });
    err.on('line', options.onLine);
    const outputDone = Promise.all([
      new Promise((r) => out.once('close', r)),
      new Promise((r) => err.once('close', r)),
    ]);

    const finish = (code: number | null) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      options.signal.removeEventListener('abort', onAbort);
      resolve({ status, code, durationMs: performance.now() - started });
    };
    child.once('error', (e) => {
      options.onLine(`Cannot run ${options.command}: ${e.message}`);
      finish(null);
    });
    // 'exit', not 'close': a command the job left in the background may hold the pipes open; the group kill ends it.
    child.once('exit', async (code) => {
      killGroup(child.pid, 'SIGKILL');
      await outputDone;
      finish(code);
    });
  });
}
