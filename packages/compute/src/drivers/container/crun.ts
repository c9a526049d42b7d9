// crun, one state root per compute host (`crun --root`), driven through its CLI as Nova's libvirt driver drives
// libvirt: run (detached, the guest's stdout and stderr appended to the console log), state, kill, pause, delete.
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, runCommand, runToFd } from './exec.js';

/** crun's view of a container. */
export type CrunStatus = 'created' | 'running' | 'paused' | 'stopped';

export class Crun {
  constructor(private readonly root: string) {}

  private args(...rest: string[]): string[] {
    return ['--root', this.root, '--cgroup-manager=cgroupfs', ...rest];
  }

  /** Starts the bundle's container detached, its output appended to `consoleFile`. */
  async run(id: string, bundle: string, consoleFile: string): Promise<void> {
    const fd = openSync(consoleFile, 'a');
    try {
      await runToFd('crun', this.args('run', '--detach', '--bundle', bundle, id), fd, bundle);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The container's status, or null when crun has no such container. Read from crun's own state file, the init's
   * /proc entry and the freezer, as `crun state` does, without starting a process (each costs ~25 ms here).
   */
  async status(id: string): Promise<CrunStatus | null> {
    let saved: { pid?: number; 'process-start-time'?: number; 'cgroup-path'?: string };
    try {
      saved = JSON.parse(readFileSync(join(this.root, id, 'status'), 'utf8'));
    } catch {
      return existsSync(join(this.root, id)) ? 'stopped' : null;
    }
    if (!saved.pid || !processAlive(saved.pid, saved['process-start-time'])) return 'stopped';
    try {
      const freezer = readFileSync(`/sys/fs/cgroup/freezer${saved['cgroup-path'] ?? ''}/freezer.state`, 'utf8');
      if (/FROZEN|FREEZING/.test(freezer)) return 'paused';
    } catch {
      // no v1 freezer for it: cannot be paused
    }
    return 'running';
  }

  async list(): Promise<string[]> {
    const result = await runCommand('crun', this.args('list', '-q'));
    if (result.code !== 0) return [];
    return result.stdout.split('\n').filter(Boolean);
  }

  /** Sends a signal to the container's init; a container already gone is fine. */
  async kill(id: string, signal: 'TERM' | 'KILL'): Promise<void> {
    await runCommand('crun', this.args('kill', id, signal));
  }

  /** Removes the container, killing it first; unknown ids are fine. */
  async delete(id: string): Promise<void> {
    await runCommand('crun', this.args('delete', '--force', id));
  }

  /** Freezes every process of the container (cgroup freezer). */
  async pause(id: string): Promise<void> {
    await run('crun', this.args('pause', id));
    // The v1 freezer reports FREEZING until every task stopped: wait, so PAUSED means frozen.
    const state = `/sys/fs/cgroup/freezer${this.cgroupPath(id)}/freezer.state`;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      try {
        if (readFileSync(state, 'utf8').trim() === 'FROZEN') return;
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private cgroupPath(id: string): string {
    try {
      return (
        (JSON.parse(readFileSync(join(this.root, id, 'status'), 'utf8')) as { 'cgroup-path'?: string })[
          'cgroup-path'
        ] ?? ''
      );
    } catch {
      return '';
    }
  }

  async resume(id: string): Promise<void> {
    await run('crun', this.args('resume', id));
  }
}

/** Whether `pid` runs (not a zombie) and is the process started at `startTime` (clock ticks since boot). */
function processAlive(pid: number, startTime: number | undefined): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return false;
    return startTime === undefined || Number(fields[19]) === startTime;
  } catch {
    return false;
  }
}
