// Turns a job's frozen playbooks into files ansible-playbook can run: each playbook's repository checked out in the
// build directory (trusted config-project playbooks apart from untrusted ones, as Zuul keeps them), its roles on
// the roles path, and nubo's `script:` shorthand written out as a generated playbook.
import { access, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrozenPlaybook } from '../model/frozen-job.js';
import type { BuildDir } from './build-dir.js';
import type { RepoState } from './executor.js';
import { yamlText } from './inventory.js';
import { checkoutRepo } from './repo-checkout.js';

/** Finds the repository state of a project's branch for its playbooks and roles (null: unknown project). */
export type RepoResolver = (project: string, branch: string, trusted: boolean) => Promise<RepoState | null>;

export interface PlannedPlaybook {
  /** The path shown in the console (`project/path` or `script`). */
  readonly label: string;
  /** The playbook file to run. */
  readonly path: string;
  readonly rolesPath: readonly string[];
  readonly source: FrozenPlaybook;
}

export class PlanError extends Error {
  override name = 'PlanError';
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Where a script runs: the project under test's checkout on the node, or on the executor for a nodeless job. */
export interface ScriptTarget {
  readonly hosts: 'all' | 'localhost';
  readonly chdir: string;
  /**
   * True when every node shares the executor's file system (local nodes, or none): the script's output then goes to
   * a file per host that the console callback follows, so that it streams live instead of arriving when it ends.
   */
  readonly streamLocally: boolean;
}

/** The playbook that runs a `script:` on every node (bash, `set -e` left to the script, output per line). */
export function scriptPlaybook(script: string, target: ScriptTarget, consoleDir: string): string {
  const task: Record<string, unknown> = {
    name: 'script',
    'ansible.builtin.shell': script,
    args: { chdir: target.chdir, executable: '/bin/bash' },
  };
  if (target.streamLocally) {
    task['ansible.builtin.shell'] = `exec >>'${consoleDir}/{{ inventory_hostname }}.log' 2>&1\n${script}`;
    task.vars = { nubo_console_log: consoleDir };
  }
  return yamlText([{ name: 'Run the job script', hosts: target.hosts, gather_facts: false, tasks: [task] }]);
}

export class PlaybookPlanner {
  private readonly checkouts = new Map<string, string>();
  private generated = 0;

  constructor(
    private readonly dir: BuildDir,
    private readonly resolve: RepoResolver,
    private readonly scriptTarget: ScriptTarget,
  ) {}

  /** The checkout of a project for a playbook context, made once per (trust, project, branch). */
  private async checkout(project: string, branch: string, trusted: boolean): Promise<string> {
    const key = `${trusted}\0${project}\0${branch}`;
    const known = this.checkouts.get(key);
    if (known) return known;
    const repo = await this.resolve(project, branch, trusted);
    if (!repo) throw new PlanError(`no repository for ${project} (${branch}) to take playbooks or roles from`);
    const dest = join(this.dir.root, trusted ? 'trusted' : 'untrusted', `project_${this.checkouts.size}`, project);
    try {
      await checkoutRepo(repo, dest);
    } catch (err) {
      throw new PlanError(`cannot check out ${project} at ${repo.commit}: ${(err as Error).message.trim()}`);
    }
    this.checkouts.set(key, dest);
    return dest;
  }

  /**
   * The roles path of a playbook, Zuul's way: a role repository with a `roles/` directory adds it; a repository that
   * is itself a role (has `tasks/` or `meta/`) is linked under the role's name.
   */
  private async rolesPath(pb: FrozenPlaybook): Promise<string[]> {
    const path: string[] = [];
    for (const role of pb.roles) {
      let repo: string;
      try {
        repo = await this.checkout(role.project, pb.branch, pb.trusted);
      } catch (err) {
        if (role.implicit) continue; // the implicit role of a project without roles
        throw err;
      }
      if (await exists(join(repo, 'roles'))) path.push(join(repo, 'roles'));
      if ((await exists(join(repo, 'tasks'))) || (await exists(join(repo, 'meta')))) {
        const linkDir = `${repo}.role`;
        await mkdir(linkDir, { recursive: true });
        await symlink(repo, join(linkDir, role.name)).catch(() => {});
        path.push(linkDir);
      }
    }
    return [...new Set(path)];
  }

  async plan(pb: FrozenPlaybook): Promise<PlannedPlaybook> {
    if (pb.kind === 'script') {
      const name = `script_${this.generated++}`;
      const path = join(this.dir.ansible, `${name}.yaml`);
      const consoleDir = join(this.dir.ansible, 'console', name);
      await mkdir(consoleDir, { recursive: true });
      await writeFile(path, scriptPlaybook(pb.body, this.scriptTarget, consoleDir));
      return { label: `${pb.project}/script`, path, rolesPath: [], source: pb };
    }
    const repo = await this.checkout(pb.project, pb.branch, pb.trusted);
    const candidates = /\.ya?ml$/.test(pb.body) ? [pb.body] : [`${pb.body}.yaml`, `${pb.body}.yml`];
    for (const candidate of candidates) {
      const path = join(repo, candidate);
      if (await exists(path)) {
        return { label: `${pb.project}/${candidate}`, path, rolesPath: await this.rolesPath(pb), source: pb };
      }
    }
    throw new PlanError(`playbook ${pb.body} not found in ${pb.project} (${pb.branch})`);
  }
}
