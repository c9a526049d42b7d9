// A build's directory on the executor, laid out as Zuul's JobDir:
//   <buildRoot>/<uuid>/work/             zuul.executor.work_root
//                      work/src/<canonical project name>/   the checkouts (zuul.executor.src_root)
//                      work/results.json   what zuul_return wrote (zuul.executor.result_data_file)
//                      work/logs -> the request's logDir (zuul.executor.log_root)
//                      ansible/            ansible.cfg, inventory.yaml, vars files, generated playbooks, HOME, temp
//                      trusted/project_<n>/<project>, untrusted/project_<n>/<project>   the playbooks' repositories
// Logs are not in it: zuul.executor.log_root is the request's logDir, which outlives the build directory.
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Ansible plugins nubo ships (the console callback, zuul_return): beside this file when run from the sources,
 * or found from the CLI bundle (dist/cli/) in the repository it was built from, as the gate's web bundle is.
 */
export function pluginsDir(): string {
  const candidates = [
    fileURLToPath(new URL('./ansible-plugins', import.meta.url)),
    resolve(import.meta.dirname, '../../packages/gate/src/executor/ansible-plugins'),
  ];
  const found = candidates.find((c) => existsSync(join(c, 'callback', 'nubo_console.py')));
  if (!found) throw new Error(`nubo's Ansible plugins are not in ${candidates.join(' nor ')}`);
  return found;
}

export interface BuildDir {
  readonly root: string;
  readonly work: string;
  readonly src: string;
  readonly ansible: string;
  readonly home: string;
  readonly tmp: string;
  readonly config: string;
  readonly inventory: string;
  readonly resultData: string;
  readonly logs: string;
}

export async function makeBuildDir(buildRoot: string, uuid: string, logDir: string): Promise<BuildDir> {
  const root = join(buildRoot, uuid);
  const work = join(root, 'work');
  const ansible = join(root, 'ansible');
  const dir: BuildDir = {
    root,
    work,
    src: join(work, 'src'),
    ansible,
    home: join(ansible, 'home'),
    tmp: join(ansible, 'tmp'),
    config: join(ansible, 'ansible.cfg'),
    inventory: join(ansible, 'inventory.yaml'),
    resultData: join(work, 'results.json'),
    logs: logDir,
  };
  // What a crashed gate left under this uuid is not this build's.
  await rm(root, { recursive: true, force: true });
  for (const d of [dir.src, dir.home, join(dir.tmp, 'local'), join(dir.tmp, 'remote'), join(dir.tmp, 'cp'), logDir]) {
    await mkdir(d, { recursive: true });
  }
  // Zuul's jobs write logs to work/logs (its log_root): here that is the served log directory itself.
  await symlink(logDir, join(work, 'logs'));
  return dir;
}

/**
 * ansible.cfg for speed and predictable output: no retry files, no host key prompts, facts only when a play asks
 * (`gathering = explicit`, as Zuul), the line-oriented console callback, temp dirs inside the build directory,
 * SSH pipelining and a per-build control path.
 */
export function ansibleConfig(dir: BuildDir, plugins: string): string {
  return [
    '[defaults]',
    `inventory = ${dir.inventory}`,
    'retry_files_enabled = False',
    'host_key_checking = False',
    'gathering = explicit',
    'stdout_callback = nubo_console',
    `callback_plugins = ${join(plugins, 'callback')}`,
    `action_plugins = ${join(plugins, 'action')}`,
    `local_tmp = ${join(dir.tmp, 'local')}`,
    `remote_tmp = ${join(dir.tmp, 'remote')}`,
    'interpreter_python = auto_silent',
    'deprecation_warnings = False',
    'system_warnings = False',
    'localhost_warning = False',
    'nocows = 1',
    'forks = 10',
    'timeout = 30',
    '',
    '[inventory]',
    'inventory_unparsed_warning = False',
    '',
    '[ssh_connection]',
    'pipelining = True',
    `control_path_dir = ${join(dir.tmp, 'cp')}`,
    'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null',
    '',
  ].join('\n');
}

/** The environment of ansible-playbook: built from scratch (nothing of the gate's own environment leaks in). */
export function ansibleEnv(dir: BuildDir, path: string, rolesPath: readonly string[]): Record<string, string> {
  return {
    PATH: path,
    HOME: dir.home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    ANSIBLE_CONFIG: dir.config,
    ANSIBLE_HOME: join(dir.home, '.ansible'),
    ANSIBLE_ROLES_PATH: rolesPath.join(':'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}
