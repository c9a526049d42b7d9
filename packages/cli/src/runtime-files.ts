// Where a running nubo leaves its pid and log, so `down` and `status` find it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function pidFile(dataDir: string): string {
  return join(dataDir, 'nubo.pid');
}

export function logFile(dataDir: string): string {
  return join(dataDir, 'nubo.log');
}

/** The pid of a running nubo for this data dir, or undefined (a stale pid file counts as none). */
export function runningPid(dataDir: string): number | undefined {
  const file = pidFile(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
