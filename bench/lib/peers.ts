// The real upstream services from ../shared/peers, run beside nubo so a benchmark prints both in one run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './nubo-process.js';

export const peersDir = join(repoRoot, '..', 'shared', 'peers');

/** True when the peers scripts are beside the repo and BENCH_PEERS=1 asks for them (they install packages). */
export function peersWanted(): boolean {
  return process.env.BENCH_PEERS === '1' && existsSync(peersDir);
}

/** Runs a peers script and returns what it printed (stdout and stderr). */
export function runPeerScript(script: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('bash', [join(peersDir, script)], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
}
