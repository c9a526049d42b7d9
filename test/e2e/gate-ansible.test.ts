// The gate end to end with real jobs: a running `nubo up` with its default executor (ansible-playbook, Debian's
// ansible-core), changes uploaded with git-review, check and gate pipelines running a real playbook against the
// change's checkout on a fresh local node. Asserts the votes and the report comments with their log links, the job's
// console (job-output.txt) served under /zuul/logs with the playbook's own output, the builds API, the live status
// while a job runs (the API, and the status page in Chromium), and that a failing change is voted down and not
// merged. Loopback only.
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_PIPELINES_LOCAL_NODE, TEST_UNIT_PROJECT_CONFIG, testTenantFile } from '@nubo/gate';
import { type Chromium, chromiumSkip, launchChromium } from './lib/chromium.js';
import { gateE2e, type Info } from './lib/gate-e2e.js';
import { createGitWorkspace } from './lib/git-workspace.js';
import { type NuboServer, startNubo } from './lib/nubo-server.js';

const skip = existsSync('/usr/bin/ansible-playbook')
  ? chromiumSkip
  : 'needs /usr/bin/ansible-playbook (Debian ansible-core)';

/** Runs the project's "tests": a script in the change's checkout that fails when the change brings a FAIL file. */
const UNIT = `- hosts: all
  tasks:
    - name: Run the unit tests of the change
      shell: |
        cd {{ ansible_user_dir }}/{{ zuul.project.src_dir }}
        sleep 4
        if [ -e FAIL ]; then echo "unit tests FAILED for change {{ zuul.change }}"; exit 1; fi
        echo "unit tests passed for change {{ zuul.change }}: $(cat version)"
`;

describe('the gate running real Ansible jobs through nubo up', { skip }, () => {
  let server: NuboServer;
  let work: string;
  let g: ReturnType<typeof gateE2e>;
  let chrome: Chromium;

  before(async () => {
    work = createGitWorkspace('nubo-e2e-gate-ansible-');
    writeFileSync(join(work, 'main.yaml'), testTenantFile(['app']));
    // No NUBO_GATE_EXECUTOR: `nubo up`'s default (auto) must pick ansible-playbook here.
    server = await startNubo({ NUBO_GATE_TENANT_CONFIG: join(work, 'main.yaml') });
    g = gateE2e(() => server, work);
    await g.setUpProjects(
      {
        'zuul.d/pipelines.yaml': TEST_PIPELINES_LOCAL_NODE,
        'playbooks/base.yaml': '- hosts: all\n  tasks:\n    - command: echo base\n',
      },
      { app: { '.zuul.yaml': TEST_UNIT_PROJECT_CONFIG, 'playbooks/unit.yaml': UNIT, version: '1\n' } },
    );
    chrome = await launchChromium();
  });
  after(async () => {
    await chrome?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The console of the `pipeline` build of change `n`, from its log URL in the builds API. */
  async function consoleOf(n: number, pipeline: string): Promise<string> {
    const [build] = (await g.gateApi(`/builds?change=${n}&pipeline=${pipeline}`)) as unknown as Info[];
    assert.ok(build?.log_url, `no ${pipeline} build with a log URL for change ${n}`);
    const response = await fetch(`${build.log_url}job-output.txt`);
    assert.equal(response.status, 200);
    return response.text();
  }

  it('checks a good change with the real playbook, gates it and merges it; its console is served', async () => {
    // The status page, open before the change exists, shows it live as the scheduler runs its job.
    await chrome.page.goto(`${server.url}/zuul/t/example/status?poll_ms=500`);
    await chrome.page.waitForSelector('section.pipeline', { timeout: 60_000 });
    const n = await g.upload('app', { version: '2\n' }, 'Bump the version');
    const live = chrome.page.locator(`[data-pipeline="check"] [data-item="${n},1"] [data-job="unit"]`);
    await live.waitFor({ timeout: 60_000 });
    // While the job runs, the live status shows the change in check with its job started.
    const running = await g.waitFor('the check job running in the status', async () => {
      const status = await g.gateApi('/status');
      const check = (status.pipelines as Info[]).find((p) => p.name === 'check');
      const items = (check?.change_queues ?? []).flatMap((q: Info) => q.heads.flat()) as Info[];
      return items.find((i) => String(i.id).startsWith(`${n},`) && i.jobs.some((j: Info) => j.start_time));
    });
    assert.equal(running.jobs[0].name, 'unit');
    const checked = await g.waitFor('the check vote', async () => {
      const c = await g.change(n);
      return g.verified(c) !== 0 && c;
    });
    const report = g.zuulMessages(checked).at(-1)!;
    assert.equal(g.verified(checked), 1, report.message);
    // The report links each job's build page; the build's logs hold the console the playbook wrote.
    assert.match(report.message, /- unit http\S+\/build\/[0-9a-f-]+ : SUCCESS/);
    const text = await consoleOf(n, 'check');
    assert.match(text, new RegExp(`unit tests passed for change ${n}: 2`), 'the playbook ran on the change');

    assert.equal((await g.approve(n)).status, 200);
    const merged = await g.waitFor('the change merged', async () => {
      const c = await g.change(n);
      return c.status === 'MERGED' && c;
    });
    // The gate's report (Verified+2 with each job's result), then the submit.
    const gateReport = g.zuulMessages(merged).filter((m) => /Verified\+2/.test(m.message as string));
    assert.equal(gateReport.length, 1, JSON.stringify(g.zuulMessages(merged).map((m) => m.message)));
    assert.match(gateReport[0]!.message, /Build succeeded[\s\S]*- unit \S+ : SUCCESS/);
    assert.deepEqual((await g.history('app')).slice(-1), ['Bump the version']);
    // Merged and reported, the change leaves every queue of the page.
    await chrome.page.locator(`[data-item="${n},1"]`).waitFor({ state: 'detached', timeout: 30_000 });
    const builds = (await g.gateApi(`/builds?change=${n}`)) as unknown as Info[];
    assert.deepEqual(builds.map((b) => [b.pipeline, b.job_name, b.result]).sort(), [
      ['check', 'unit', 'SUCCESS'],
      ['gate', 'unit', 'SUCCESS'],
    ]);
  });

  it('votes a failing change down with the failing output, and the gate does not merge it', async () => {
    const n = await g.upload('app', { FAIL: 'yes\n' }, 'Break the tests');
    const checked = await g.waitFor('the check vote', async () => {
      const c = await g.change(n);
      return g.verified(c) !== 0 && c;
    });
    const report = g.zuulMessages(checked).at(-1)!;
    assert.equal(g.verified(checked), -1, report.message);
    assert.match(report.message, /Build failed[\s\S]*- unit \S+ : FAILURE/);
    const text = await consoleOf(n, 'check');
    assert.match(text, new RegExp(`unit tests FAILED for change ${n}`));

    assert.equal((await g.approve(n)).status, 200);
    const gated = await g.waitFor('the gate vote', async () => {
      const c = await g.change(n);
      return g.verified(c) === -2 && c;
    });
    assert.equal(gated.status, 'NEW', 'a failing change is not merged');
    assert.deepEqual((await g.history('app')).slice(-1), ['Bump the version']);
  });
});
