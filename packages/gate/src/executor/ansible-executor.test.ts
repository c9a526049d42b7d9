// The executor against the real ansible-playbook (Debian's ansible-core) and real git repositories, on local nodes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { FrozenJob } from '../model/frozen-job.js';
import { UnsafeValue } from '../model/unsafe-value.js';
import { LocalNodeProvider } from '../nodes/local-node-provider.js';
import { AnsibleExecutor } from './ansible-executor.js';
import type { BuildOutcome, RepoState } from './executor.js';
import { buildRequest, frozenJob, git, makeRepo, playbook, script } from './executor-test-helpers.js';

const hasAnsible = existsSync('/usr/bin/ansible-playbook');
const skip = hasAnsible ? false : 'needs /usr/bin/ansible-playbook (Debian ansible-core)';

const PLAYBOOKS: Record<string, string> = {
  'playbooks/ok.yaml': `- hosts: all
  tasks:
    - name: Say hello
      command: echo hello from {{ inventory_hostname }}
    - name: Show where the project is
      shell: cat {{ ansible_user_dir }}/{{ zuul.project.src_dir }}/README
`,
  'playbooks/fail.yaml': `- hosts: all
  tasks:
    - name: Fail on purpose
      shell: echo about to fail; exit 3
`,
  'playbooks/marker.yaml': `- hosts: all
  tasks:
    - name: Leave a marker
      command: echo marker-{{ zuul_execution_phase }}
`,
  'playbooks/vars.yaml': `- hosts: all
  tasks:
    - name: Show the zuul variables
      debug:
        msg: "change={{ zuul.change }} job={{ zuul.job }} work_root={{ zuul.executor.work_root }} src_dir={{ zuul.project.src_dir }} greeting={{ greeting }} extra={{ extra_one }} unsafe={{ raw }} group={{ group_value | default('none') }} host={{ host_value | default('none') }}"
    - name: Return an artifact
      zuul_return:
        data:
          zuul:
            artifacts:
              - name: docs
                url: docs/index.html
`,
  README: 'version two\n',
};

/** Reads a YAML file the executor wrote (with `!unsafe` tags). */
function parse(text: string) {
  return parseYaml(text, { customTags: [{ tag: '!unsafe', resolve: (s: string) => s }] });
}

let root: string;
let repo: RepoState;
let firstCommit: string;
let configRepo: RepoState;

function executor(more: Partial<ConstructorParameters<typeof AnsibleExecutor>[0]> = {}): AnsibleExecutor {
  return new AnsibleExecutor({
    provider: new LocalNodeProvider({ root: join(root, 'nodes'), labels: ['ubuntu-noble', 'debian'] }),
    buildRoot: join(root, 'builds'),
    hostname: 'executor-test',
    killGraceMs: 500,
    repoFor: (project) => (project === 'org/config' ? configRepo : null),
    ...more,
  });
}

let counter = 0;
async function run(
  job: FrozenJob,
  options: { signal?: AbortSignal; exec?: AnsibleExecutor; onLine?: (l: string) => void; repos?: RepoState[] } = {},
): Promise<{ outcome: BuildOutcome; output: string; lines: string[]; uuid: string; started: string[][] }> {
  const uuid = `build-${++counter}`;
  const lines: string[] = [];
  const started: string[][] = [];
  const outcome = await (options.exec ?? executor()).execute(
    buildRequest(uuid, job, options.repos ?? [repo], join(root, 'logs')),
    options.signal ?? new AbortController().signal,
    {
      started: (info) => started.push([...info.nodes]),
      console: (l) => {
        lines.push(l);
        options.onLine?.(l);
      },
    },
  );
  const output = readFileSync(join(root, 'logs', uuid, 'job-output.txt'), 'utf8');
  return { outcome, output, lines, uuid, started };
}

/** Build and node directories left behind (there must be none). */
function leftovers(): string[] {
  return ['builds', 'nodes'].flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d)) : []));
}

function processesWith(marker: string): string {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

describe('AnsibleExecutor with local nodes', { skip }, () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubo-executor-test-'));
    const path = join(root, 'repos', 'org', 'project');
    const commits = makeRepo(path, [{ README: 'version one\n' }, PLAYBOOKS]);
    firstCommit = commits[0]!;
    repo = { project: 'org/project', branch: 'master', path, commit: commits[1]! };
    const configPath = join(root, 'repos', 'org', 'config');
    const [configCommit] = makeRepo(configPath, [
      {
        'playbooks/base/pre.yaml': `- hosts: all
  tasks:
    - name: Trusted pre-run
      command: echo trusted-pre {{ zuul_execution_trusted }}
`,
        'roles/greet/tasks/main.yaml': '- name: Greet\n  command: echo role-says-{{ greeting }}\n',
        'playbooks/base/roles.yaml': '- hosts: all\n  roles:\n    - greet\n',
      },
    ]);
    configRepo = { project: 'org/config', branch: 'master', path: configPath, commit: configCommit! };
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs pre-run, run and post-run and succeeds; logs written, console streamed, directories removed', async () => {
    const job = frozenJob({
      preRun: [playbook('playbooks/base/pre.yaml', 'org/config', { trusted: true })],
      run: [playbook('playbooks/ok.yaml')],
      postRun: [playbook('playbooks/marker')],
    });
    const { outcome, output, lines, uuid, started } = await run(job);
    assert.equal(outcome.result, 'SUCCESS', output);
    assert.deepEqual(started, [['ubuntu']]);
    assert.equal(outcome.retryable, false);
    assert.deepEqual(outcome.nodes, ['ubuntu']);
    assert.match(output, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \| /m);
    assert.match(output, /ubuntu \| trusted-pre True/);
    assert.match(output, /ubuntu \| hello from ubuntu/);
    assert.match(output, /ubuntu \| version two/);
    assert.match(output, /ubuntu \| marker-post/);
    assert.match(output, /PRE-RUN START: \[trusted : org\/config\/playbooks\/base\/pre.yaml@master\]/);
    assert.match(output, /\| RUN END RESULT_NORMAL \(rc=0\): \[untrusted : org\/project\/playbooks\/ok.yaml\]/);
    assert.match(output, /PLAY RECAP/);
    assert.equal(lines.join('\n'), output.trimEnd());
    const inventory = parse(readFileSync(join(root, 'logs', uuid, 'zuul-info', 'inventory.yaml'), 'utf8'));
    assert.equal(inventory.all.hosts.ubuntu.ansible_connection, 'local');
    assert.equal(inventory.all.vars.zuul.build, uuid);
    assert.deepEqual(leftovers(), []);
  });

  it('checks the repository out at the exact commit the gate merged, on the branch name', async () => {
    const older = { ...repo, commit: firstCommit };
    const uuid = `build-${++counter}`;
    const job = frozenJob({ run: [script('git rev-parse HEAD; git rev-parse --abbrev-ref HEAD; cat README')] });
    // The older commit has no playbooks; a script needs none.
    const outcome = await executor().execute(
      buildRequest(uuid, job, [older], join(root, 'logs')),
      new AbortController().signal,
    );
    const output = readFileSync(join(root, 'logs', uuid, 'job-output.txt'), 'utf8');
    assert.equal(outcome.result, 'SUCCESS', output);
    assert.match(output, new RegExp(`ubuntu \\| ${firstCommit}$`, 'm'));
    assert.match(output, /ubuntu \| master$/m);
    assert.match(output, /ubuntu \| version one$/m);
    assert.doesNotMatch(output, /version two/);
  });

  it('reports FAILURE when a run playbook fails, and still runs post-run', async () => {
    const job = frozenJob({ run: [playbook('playbooks/fail.yaml')], postRun: [playbook('playbooks/marker.yaml')] });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'FAILURE', output);
    assert.equal(outcome.retryable, false);
    assert.match(outcome.error!, /run playbook org\/project\/playbooks\/fail.yaml failed/);
    assert.match(output, /ubuntu \| about to fail/);
    assert.match(output, /ubuntu \| FAILED:.*\(rc=3\)/);
    assert.match(output, /marker-post/);
    assert.deepEqual(leftovers(), []);
  });

  it('makes a pre-run failure retryable, skips run and still runs post-run', async () => {
    const job = frozenJob({
      preRun: [playbook('playbooks/fail.yaml')],
      run: [playbook('playbooks/marker.yaml')],
      postRun: [playbook('playbooks/marker.yaml')],
    });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'FAILURE');
    assert.equal(outcome.retryable, true);
    assert.match(outcome.error!, /^pre playbook/);
    assert.doesNotMatch(output, /marker-run/);
    assert.match(output, /marker-post/);
  });

  it('reports POST_FAILURE when run succeeded and a post-run playbook failed', async () => {
    const job = frozenJob({ run: [playbook('playbooks/marker.yaml')], postRun: [playbook('playbooks/fail.yaml')] });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'POST_FAILURE', output);
    assert.equal(outcome.retryable, false);
  });

  it('reports TIMED_OUT when run exceeds the job timeout, and kills its processes', async () => {
    // Long enough for Ansible to start the script on a loaded machine, short enough for a test.
    const job = frozenJob({ timeout: 10, run: [script('echo started; sleep 3171; echo never')] });
    const started = performance.now();
    const { outcome, output } = await run(job);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(outcome.result, 'TIMED_OUT', output);
    assert.equal(outcome.retryable, false);
    assert.ok(seconds < 25, `took ${seconds}s`);
    assert.match(output, /RUN END RESULT_TIMED_OUT/);
    assert.match(output, /ubuntu \| started$/m); // streamed before the kill
    assert.doesNotMatch(output, /never/);
    assert.equal(processesWith('sleep 3171'), '');
    assert.deepEqual(leftovers(), []);
  });

  it('aborts a running build: the process group is killed, the result is ABORTED', async () => {
    const controller = new AbortController();
    const job = frozenJob({
      run: [script('echo started; sleep 3172; echo never')],
      postRun: [playbook('playbooks/marker.yaml'), playbook('playbooks/marker.yaml', 'org/project', { cleanup: true })],
    });
    const started = performance.now();
    // The script's output streams live: abort as soon as it says it started.
    const { outcome, output } = await run(job, {
      signal: controller.signal,
      onLine: (line) => {
        if (line.endsWith('ubuntu | started')) controller.abort();
      },
    });
    assert.equal(outcome.result, 'ABORTED', output);
    assert.ok((performance.now() - started) / 1000 < 15);
    assert.match(output, /RUN END RESULT_ABORTED/);
    assert.equal(processesWith('sleep 3172'), '');
    // Only the cleanup post-run playbook ran after the abort.
    assert.equal(output.match(/ubuntu \| marker-cleanup/g)?.length, 1);
    assert.doesNotMatch(output, /marker-post/);
    assert.deepEqual(leftovers(), []);
  });

  it('runs the script shorthand in the project checkout, with Jinja templated as Zuul would', async () => {
    const job = frozenJob({
      vars: { greeting: 'hi' },
      run: [script('set -e\npwd\necho "{{ greeting }} from {{ zuul.project.name }}"\ncat README\n')],
    });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'SUCCESS', output);
    assert.match(output, /ubuntu \| \/.*\/node-0\/src\/org\/project$/m);
    assert.match(output, /ubuntu \| hi from org\/project$/m);
    assert.match(output, /ubuntu \| version two$/m);
  });

  it('runs a script shorthand of a nodeless job on the executor', async () => {
    const job = frozenJob({ nodeset: { name: null, nodes: [], groups: [] }, run: [script('cat README; exit 1')] });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'FAILURE', output);
    assert.deepEqual(outcome.nodes, []);
    assert.match(output, /localhost \| version two/);
  });

  it('gives playbooks the zuul variables, vars, extra-vars, host-vars, group-vars, roles and zuul_return', async () => {
    const job = frozenJob({
      nodeset: {
        name: 'two',
        nodes: [
          { name: ['controller'], label: 'ubuntu-noble' },
          { name: ['compute1', 'compute-alias'], label: 'debian' },
        ],
        groups: [{ name: 'computes', nodes: ['compute1'] }],
      },
      vars: { greeting: 'hello', raw: new UnsafeValue('{{ not templated }}') },
      extraVars: { extra_one: 'x1' },
      hostVars: { controller: { host_value: 'only-controller' } },
      groupVars: { computes: { group_value: 'computes-group' } },
      preRun: [
        playbook('playbooks/base/roles.yaml', 'org/config', {
          trusted: true,
          roles: [{ project: 'org/config', name: 'config', implicit: true }],
        }),
      ],
      run: [playbook('playbooks/vars.yaml')],
    });
    const { outcome, output, uuid } = await run(job);
    assert.equal(outcome.result, 'SUCCESS', output);
    assert.deepEqual(outcome.nodes, ['controller', 'compute1', 'compute-alias']);
    assert.deepEqual(outcome.artifacts, [{ name: 'docs', url: 'docs/index.html' }]);
    assert.match(output, /controller \| role-says-hello/);
    const work = join(root, 'builds', uuid, 'work');
    assert.match(
      output,
      new RegExp(
        `controller \\| change=42 job=test-job work_root=${work} src_dir=src/org/project greeting=hello extra=x1 unsafe=\\{\\{ not templated \\}\\} group=none host=only-controller`,
      ),
    );
    assert.match(output, /compute1 \| .* group=computes-group host=none/);
    assert.match(output, /compute-alias \| .* group=none host=none/);
    const inventory = parse(readFileSync(join(root, 'logs', uuid, 'zuul-info', 'inventory.yaml'), 'utf8'));
    assert.deepEqual(Object.keys(inventory.all.hosts), ['controller', 'compute1', 'compute-alias']);
    assert.equal(inventory.all.hosts.compute1.ansible_user_dir, inventory.all.hosts['compute-alias'].ansible_user_dir);
    assert.deepEqual(inventory.all.children.computes.hosts, { compute1: null });
    assert.equal(inventory.all.vars.zuul.executor.log_root, join(root, 'logs', uuid));
    assert.deepEqual(inventory.all.vars.zuul.projects['org/project'].commit, repo.commit);
    assert.equal(inventory.all.vars.zuul.timeout, 120);
    assert.deepEqual(leftovers(), []);
  });

  it('reports NODE_FAILURE (retryable) when the provider has no such label', async () => {
    const job = frozenJob({
      nodeset: { name: null, nodes: [{ name: ['x'], label: 'gpu' }], groups: [] },
      run: [playbook('playbooks/ok.yaml')],
    });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'NODE_FAILURE');
    assert.equal(outcome.retryable, true);
    assert.match(output, /NODE_FAILURE: the local provider has no label gpu/);
  });

  it('reports ERROR for a playbook that does not exist, without running anything', async () => {
    const job = frozenJob({ run: [playbook('playbooks/missing.yaml')] });
    const { outcome, output } = await run(job);
    assert.equal(outcome.result, 'ERROR');
    assert.equal(outcome.retryable, false);
    assert.match(outcome.error!, /playbook playbooks\/missing.yaml not found in org\/project/);
    assert.doesNotMatch(output, /RUN START/);
    assert.deepEqual(leftovers(), []);
  });

  it("streams a script's output live, line by line, before the script ends", async () => {
    const seen: { line: string; at: number }[] = [];
    const job = frozenJob({ run: [script('echo early; sleep 2; printf "late\\nno-newline"')] });
    const { outcome, output } = await run(job, { onLine: (line) => seen.push({ line, at: performance.now() }) });
    assert.equal(outcome.result, 'SUCCESS', output);
    const at = (text: string) => seen.find((s) => s.line.endsWith(`ubuntu | ${text}`))!.at;
    assert.ok(at('late') - at('early') > 1500, 'early was shown while the script still ran');
    assert.ok(at('no-newline') <= seen.find((s) => s.line.includes('ubuntu | changed'))!.at);
    assert.equal(output.match(/ubuntu \| early/g)?.length, 1);
  });

  it('takes trusted playbooks from the branch tip and untrusted ones from the speculative state', async () => {
    // A speculative change to the config project, on a side branch the gate merged but did not submit.
    const path = configRepo.path;
    git(path, 'checkout', '--quiet', '-b', 'speculative');
    writeFileSync(
      join(path, 'playbooks/base/pre.yaml'),
      '- hosts: all\n  tasks:\n    - command: echo speculative-pre\n',
    );
    git(path, 'commit', '--quiet', '-am', 'speculative');
    const speculative = git(path, 'rev-parse', 'HEAD');
    git(path, 'checkout', '--quiet', 'master');
    const exec = executor({ repoFor: undefined, repoPath: (p) => (p === 'org/config' ? path : null) });
    const job = frozenJob({
      preRun: [playbook('playbooks/base/pre.yaml', 'org/config', { trusted: true })],
      run: [playbook('playbooks/base/pre.yaml', 'org/config', { trusted: false })],
    });
    const { outcome, output } = await run(job, {
      exec,
      repos: [repo, { project: 'org/config', branch: 'master', path, commit: speculative }],
    });
    assert.equal(outcome.result, 'SUCCESS', output);
    assert.match(output, /PRE-RUN START[^\n]*\n(?:[^\n]*\n)*?[^\n]*ubuntu \| trusted-pre True/);
    assert.match(output, /RUN START: \[untrusted[^\n]*\n(?:[^\n]*\n)*?[^\n]*ubuntu \| speculative-pre/);
    assert.equal(output.match(/speculative-pre/g)?.length, 1);
  });

  it('reports ERROR when the merged commit is not in the repository, without running anything', async () => {
    const job = frozenJob({ run: [script('echo ran')] });
    const missing = { ...repo, commit: '0123456789012345678901234567890123456789' };
    const { outcome, output } = await run(job, { repos: [missing] });
    assert.equal(outcome.result, 'ERROR');
    assert.equal(outcome.retryable, false);
    assert.match(outcome.error!, /cannot check out org\/project at 0123456789/);
    assert.doesNotMatch(output, /RUN START/);
    assert.deepEqual(leftovers(), []);
  });

  it('keeps what a job writes to its log root (also reachable as work/logs) in the served log directory', async () => {
    const job = frozenJob({
      run: [
        script(
          'mkdir -p {{ zuul.executor.log_root }}/collected\necho data > {{ zuul.executor.log_root }}/collected/out.txt\necho more > {{ zuul.executor.work_root }}/logs/more.txt',
        ),
      ],
    });
    const { outcome, output, uuid } = await run(job);
    assert.equal(outcome.result, 'SUCCESS', output);
    const logs = join(root, 'logs', uuid);
    assert.deepEqual(readdirSync(logs).sort(), ['collected', 'job-output.txt', 'more.txt', 'zuul-info']);
    assert.equal(readFileSync(join(logs, 'collected', 'out.txt'), 'utf8'), 'data\n');
    assert.equal(readFileSync(join(logs, 'more.txt'), 'utf8'), 'more\n');
    assert.deepEqual(leftovers(), []);
  });

  it('runs builds concurrently, each in its own directories, with its own console', async () => {
    const exec = executor();
    const results = await Promise.all(
      ['one', 'two'].map((word) => run(frozenJob({ run: [script(`echo word-${word}; sleep 1`)] }), { exec })),
    );
    assert.deepEqual(
      results.map((r) => r.outcome.result),
      ['SUCCESS', 'SUCCESS'],
    );
    assert.match(results[0]!.output, /word-one/);
    assert.doesNotMatch(results[0]!.output, /word-two/);
    assert.match(results[1]!.output, /word-two/);
    assert.doesNotMatch(results[1]!.output, /word-one/);
    assert.deepEqual(leftovers(), []);
  });
});
