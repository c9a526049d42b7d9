// Starts and stops a real `nubo up --detach` for benchmarks, and reads its resident memory.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const nubo = join(repoRoot, 'bin', 'nubo');

export interface BenchNubo {
  url: string;
  authUrl: string;
  pid: number;
  admin: { username: string; password: string; projectName: string };
}

/** `nubo up --detach`; returns once the endpoint answers. */
export function nuboUp(dataDir: string, port: number): BenchNubo {
  execFileSync(nubo, ['up', '--detach', '--data-dir', dataDir, '--port', String(port), '--no-clouds-yaml'], {
    stdio: 'ignore',
  });
  const pid = Number(readFileSync(join(dataDir, 'nubo.pid'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
  const url = `http://127.0.0.1:${port}`;
  return { url, authUrl: `${url}/identity/v3`, pid, admin: credentials.admin };
}

/**
 * `nubo down`; with `pid`, also makes sure that process is gone — one that stopped serving but does not exit (a
 * handle left open) would otherwise burn the machine under the next benchmark — and says so.
 */
export function nuboDown(dataDir: string, pid?: number): void {
  execFileSync(nubo, ['down', '--data-dir', dataDir], { stdio: 'ignore' });
  if (pid === undefined) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!alive(pid)) return;
    execFileSync('sleep', ['0.1']);
  }
  console.log(`  (nubo pid ${pid} stopped serving but did not exit within 5 s of nubo down: killed)`);
  process.kill(pid, 'SIGKILL');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Resident set size of a process in MiB (VmRSS). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
