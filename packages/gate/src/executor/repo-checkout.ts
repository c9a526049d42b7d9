// Git checkouts for a build: a repository cloned from the merger's workspace and left on the branch name at exactly
// the commit the gate merged (as Zuul's executor does), with no remote pointing back at the merger.
import { execFile } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { RepoState } from './executor.js';

const run = promisify(execFile);

/** Git run without the user's or system configuration (hooks, templates, credential helpers). */
const GIT_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LANG: 'C.UTF-8',
};

async function git(args: readonly string[], cwd?: string): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd, env: GIT_ENV, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Clones `repo.path` into `dest` and checks out `repo.commit` on a local branch named `repo.branch`. */
export async function checkoutRepo(repo: RepoState, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  await git(['clone', '--quiet', '--no-checkout', '--', repo.path, dest]);
  await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '-B', repo.branch, repo.commit], dest);
  await git(['remote', 'remove', 'origin'], dest);
}

/** The commit at the tip of `branch` in the repository at `path` (bare or not); null when there is no such branch. */
export async function branchTip(path: string, branch: string): Promise<string | null> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], path)).trim() || null;
  } catch {
    return null;
  }
}

/** The commit a checkout holds (tests, and the executor's own sanity line in the console). */
export async function headCommit(dir: string): Promise<string> {
  return (await git(['rev-parse', 'HEAD'], dir)).trim();
}

/** Copies a finished checkout (e.g. into a local node's workdir); hard links would let a job edit the executor's. */
export async function copyCheckout(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await cp(from, to, { recursive: true, verbatimSymlinks: true });
}
