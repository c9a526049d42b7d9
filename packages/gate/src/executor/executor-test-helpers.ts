// Helpers for the executor's tests: real git repositories in a temp dir, and frozen jobs built from a few fields.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FrozenJob, FrozenPlaybook } from '../model/frozen-job.js';
import type { BuildRequest, RepoState } from './executor.js';

const GIT_ENV = {
  PATH: '/usr/bin:/bin',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** A git repository at `path` with one commit per entry of `commits` (file path → content); returns the commits. */
export function makeRepo(path: string, commits: readonly Record<string, string>[]): string[] {
  mkdirSync(path, { recursive: true });
  git(path, 'init', '--quiet', '--initial-branch=master');
  return commits.map((files, i) => {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(path, file)), { recursive: true });
      writeFileSync(join(path, file), content);
    }
    git(path, 'add', '--all');
    git(path, 'commit', '--quiet', '-m', `commit ${i}`);
    return git(path, 'rev-parse', 'HEAD');
  });
}

export function playbook(body: string, project = 'org/project', more: Partial<FrozenPlaybook> = {}): FrozenPlaybook {
  return {
    kind: 'playbook',
    body,
    project,
    branch: 'master',
    trusted: false,
    roles: [{ project, name: project.split('/').pop()!, implicit: true }],
    secrets: [],
    semaphores: [],
    cleanup: false,
    nestingLevel: 0,
    ...more,
  };
}

export function script(body: string, project = 'org/project'): FrozenPlaybook {
  return { ...playbook(body, project), kind: 'script', roles: [] };
}

/** A frozen job with Zuul's defaults and one `ubuntu` node unless told otherwise. */
export function frozenJob(fields: Partial<FrozenJob>): FrozenJob {
  return {
    name: 'test-job',
    description: null,
    inheritancePath: ['base (org/config@master zuul.yaml:1:3)', 'test-job (org/project@master zuul.yaml:1:3)'],
    parents: ['base'],
    voting: true,
    holdFollowingChanges: false,
    successMessage: null,
    failureMessage: null,
    nodeset: { name: null, nodes: [{ name: ['ubuntu'], label: 'ubuntu-noble' }], groups: [] },
    nodesetAlternatives: [],
    vars: {},
    extraVars: {},
    hostVars: {},
    groupVars: {},
    includeVars: [],
    timeout: 120,
    postTimeout: null,
    attempts: 3,
    preRun: [],
    run: [],
    postRun: [],
    cleanupRun: [],
    requiredProjects: [],
    dependencies: [],
    semaphores: [],
    tags: ['unit'],
    provides: [],
    requires: [],
    files: [],
    irrelevantFiles: [],
    overrideBranch: null,
    overrideCheckout: null,
    allowedProjects: null,
    postReview: false,
    deduplicate: 'auto',
    workspaceScheme: 'golang',
    workspaceCheckout: 'auto',
    failureOutput: [],
    ansibleVersion: null,
    ansibleSplitStreams: null,
    ...fields,
  };
}

/** A request for `job` on change 42,1 of `repo.project`, with the scheduler's usual zuul variables. */
export function buildRequest(uuid: string, job: FrozenJob, repos: readonly RepoState[], logRoot: string): BuildRequest {
  const item = repos[0]!;
  return {
    uuid,
    tenant: 'example',
    pipeline: 'check',
    job,
    item: {
      project: item.project,
      branch: item.branch,
      change: 42,
      patchset: 1,
      ref: 'refs/changes/42/42/1',
      message: 'Fix it',
    },
    repos,
    zuulVars: {
      build: uuid,
      buildset: 'bs-1',
      tenant: 'example',
      pipeline: 'check',
      job: job.name,
      voting: true,
      attempts: 1,
      project: { name: item.project, short_name: item.project.split('/').pop(), canonical_name: item.project },
      branch: item.branch,
      change: '42',
      patchset: '1',
      ref: 'refs/changes/42/42/1',
      items: [],
      projects: Object.fromEntries(repos.map((r) => [r.project, { name: r.project, checkout: r.branch }])),
    },
    logDir: join(logRoot, uuid),
  };
}
