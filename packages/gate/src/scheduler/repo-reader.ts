// Reads the configuration files of a tenant's projects, every branch, from the review service's bare repositories
// (Zuul's cat jobs): what loadLayout needs, nothing else.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CONFIG_ROOTS } from '../config/config-files.js';
import type { TenantRepos } from '../config/load-tenant-config.js';
import type { Tenant } from '../model/tenant.js';

function git(gitDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'git',
      ['--git-dir', gitDir, ...args],
      {
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
}

/** The repositories of a tenant's projects (missing ones are left out: loadLayout reports them). */
export async function readTenantRepos(
  tenant: Tenant,
  repositoryPath: (project: string) => string,
): Promise<TenantRepos> {
  const repos: Record<string, TenantRepos[string]> = {};
  for (const project of tenant.projects) {
    const dir = repositoryPath(project.name);
    if (!existsSync(dir)) continue;
    const head = (await git(dir, ['symbolic-ref', '--short', 'HEAD']).catch(() => 'master')).trim();
    const refs = (await git(dir, ['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads']))
      .split('\n')
      .filter(Boolean);
    const branches: Record<string, Record<string, string>> = {};
    const wanted = [...CONFIG_ROOTS, ...project.extraConfigPaths.map((p) => p.replace(/\/$/, ''))];
    for (const branch of refs) {
      const listed = (await git(dir, ['ls-tree', '-r', '-z', '--name-only', `refs/heads/${branch}`, '--', ...wanted]))
        .split('\0')
        .filter(Boolean);
      const files: Record<string, string> = {};
      for (const path of listed) files[path] = await git(dir, ['cat-file', 'blob', `refs/heads/${branch}:${path}`]);
      branches[branch] = files;
    }
    repos[project.name] = { branches, defaultBranch: head };
  }
  return repos;
}

const NULL_REV = /^0+$/;

/**
 * Whether a branch update changed configuration files (so the layout must be reloaded): a new or deleted branch
 * always counts; otherwise the diff must touch zuul.yaml, zuul.d/, .zuul.yaml, .zuul.d/ or an extra config path.
 */
export async function updateTouchesConfig(
  gitDir: string,
  oldRev: string,
  newRev: string,
  extraPaths: readonly string[] = [],
): Promise<boolean> {
  if (NULL_REV.test(oldRev) || NULL_REV.test(newRev) || !existsSync(gitDir)) return true;
  const wanted = [...CONFIG_ROOTS, ...extraPaths.map((p) => p.replace(/\/$/, ''))];
  const out = await git(gitDir, ['diff', '--name-only', oldRev, newRev, '--', ...wanted]).catch(() => 'unknown');
  return out.trim() !== '';
}
