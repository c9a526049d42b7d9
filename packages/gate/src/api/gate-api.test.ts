// The gate's REST API through app.inject(): Zuul's read routes on a real layout and a real builds database, the
// admin calls with their authentication and validation, logs, the live console stream and the web shell.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ADMIN_TOKEN, type GateApiHarness, MEMBER_TOKEN, startGateApiHarness } from './testing/gate-api-harness.js';
import { statusItem, statusJob } from './testing/in-memory-gate-control.js';
import { sampleLayout } from './testing/sample-layout.js';

const T = '/zuul/api/tenant/test';
let h: GateApiHarness;

/** Records history: two successful tox runs (100 s and 300 s), a retried attempt and a failing lint. */
async function recordHistory(): Promise<void> {
  const at = (s: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + s * 1000);
  const bs = { tenant: 'test', branch: 'master', eventId: null, commit: 'a'.repeat(40) };
  await h.recorder.buildsetCreated({
    ...bs,
    uuid: 'bs1',
    pipeline: 'check',
    project: 'org/project',
    change: 1,
    patchset: 1,
    ref: 'refs/changes/01/1/1',
  });
  await h.recorder.buildsetCreated({
    ...bs,
    uuid: 'bs2',
    pipeline: 'gate',
    project: 'org/other',
    change: 2,
    patchset: 1,
    ref: 'refs/changes/02/2/1',
  });
  const done = { error: null, logUrl: null, artifacts: [], retried: false };
  await h.recorder.buildStarted({
    uuid: 'b1',
    buildsetUuid: 'bs1',
    jobName: 'tox',
    voting: true,
    nodes: ['primary'],
    startTime: at(0),
  });
  await h.recorder.buildFinished('b1', {
    ...done,
    result: 'SUCCESS',
    endTime: at(100),
    logUrl: 'http://gate/zuul/logs/b1/',
    artifacts: [{ name: 'report', url: 'report.html' }],
  });
  await h.recorder.buildStarted({
    uuid: 'b2',
    buildsetUuid: 'bs2',
    jobName: 'lint',
    voting: false,
    nodes: [],
    startTime: at(10),
  });
  await h.recorder.buildFinished('b2', { ...done, result: 'NODE_FAILURE', endTime: at(11), retried: true });
  await h.recorder.buildStarted({
    uuid: 'b3',
    buildsetUuid: 'bs2',
    jobName: 'lint',
    voting: false,
    nodes: [],
    startTime: at(20),
  });
  await h.recorder.buildFinished('b3', { ...done, result: 'FAILURE', endTime: at(50), error: 'lint failed' });
  await h.recorder.buildStarted({
    uuid: 'b4',
    buildsetUuid: 'bs2',
    jobName: 'tox',
    voting: true,
    nodes: [],
    startTime: at(30),
  });
  await h.recorder.buildFinished('b4', { ...done, result: 'SUCCESS', endTime: at(330) });
  await h.recorder.buildsetFinished('bs2', 'FAILURE', 'Build failed.', at(330));
  await h.recorder.buildsetEvent('bs2', 'enqueued', 'Change enqueued', at(0));
  await h.recorder.buildStarted({
    uuid: 'running1',
    buildsetUuid: 'bs1',
    jobName: 'lint',
    voting: false,
    nodes: [],
    startTime: at(400),
  });
}

before(async () => {
  h = await startGateApiHarness({ layouts: new Map([['test', sampleLayout()]]) });
  await recordHistory();
});
after(() => h.close());

describe('gate API: informational routes', () => {
  test('info, tenants and tenant info', async () => {
    const info = await h.call('GET', '/zuul/api/info');
    assert.equal(info.statusCode, 200);
    assert.equal(
      (info.data as { info: { capabilities: { job_history: boolean } } }).info.capabilities.job_history,
      true,
    );
    const tenants = await h.call('GET', '/zuul/api/tenants');
    assert.deepEqual(tenants.data, [{ name: 'test', projects: 3, queue: 0 }]);
    const tinfo = await h.call('GET', `${T}/info`);
    assert.equal((tinfo.data as { info: { tenant: string } }).info.tenant, 'test');
    const missing = await h.call('GET', '/zuul/api/tenant/nope/status');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.data, { code: 404, error: 'Not Found', description: 'Tenant nope does not exist.' });
  });

  test('pipelines, jobs, a job, projects, a project and config errors', async () => {
    const pipelines = (await h.call('GET', `${T}/pipelines`)).data as { name: string; manager: string }[];
    assert.deepEqual(
      pipelines.map((p) => [p.name, p.manager]),
      [
        ['check', 'independent'],
        ['gate', 'dependent'],
      ],
    );
    const jobs = (await h.call('GET', `${T}/jobs`)).data as { name: string; variants: unknown[]; tags: string[] }[];
    assert.deepEqual(
      jobs.map((j) => j.name),
      ['base', 'docs', 'lint', 'noop', 'tox'],
    );
    const tox = jobs.find((j) => j.name === 'tox')!;
    assert.equal(tox.variants.length, 2);
    assert.deepEqual(tox.tags, ['python']);
    const variants = (await h.call('GET', `${T}/job/tox`)).data as Record<string, unknown>[];
    assert.equal(variants.length, 2);
    assert.equal(variants[0]!.description, 'Runs tox.');
    assert.deepEqual(variants[0]!.source_context, { project: 'org/config', branch: 'master', path: 'zuul.yaml' });
    assert.deepEqual(variants[1]!.branches, ['stable/.*']);
    assert.deepEqual(variants[1]!.variables, { python: '3.9' });
    assert.equal((await h.call('GET', `${T}/job/missing`)).statusCode, 404);
    const projects = (await h.call('GET', `${T}/projects`)).data as Record<string, unknown>[];
    assert.deepEqual(
      projects.map((p) => [p.name, p.type, p.canonical_name]),
      [
        ['org/config', 'config', 'gerrit/org/config'],
        ['org/other', 'untrusted', 'gerrit/org/other'],
        ['org/project', 'untrusted', 'gerrit/org/project'],
      ],
    );
    const project = (await h.call('GET', `${T}/project/org/project`)).data as {
      configs: {
        is_template: boolean;
        pipelines: { name: string; jobs: { name: string }[][] }[];
        queue_name: string | null;
      }[];
    };
    assert.deepEqual(
      project.configs.map((c) => c.is_template),
      [true, false],
    );
    assert.equal(project.configs[1]!.queue_name, 'integrated');
    assert.deepEqual(
      project.configs[1]!.pipelines.map((p) => [p.name, p.jobs.map((j) => j[0]!.name)]),
      [
        ['check', ['lint']],
        ['gate', ['tox']],
      ],
    );
    assert.equal((await h.call('GET', `${T}/project/gerrit/org/other`)).statusCode, 200, 'by canonical name');
    assert.equal((await h.call('GET', `${T}/project/org/none`)).statusCode, 404);
    const errors = (await h.call('GET', `${T}/config-errors`)).data as Record<string, unknown>[];
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0]!.source_context, { project: 'org/project', branch: 'master', path: '.zuul.yaml' });
    assert.equal(errors[0]!.short_error, "job 'docs' has unknown parent 'no-such-parent'");
    assert.equal(errors[0]!.line, 13);
    assert.deepEqual((await h.call('GET', `${T}/config-errors?project=org/other`)).data, []);
  });

  test('freeze-jobs: the job graph of a project branch in a pipeline, and one frozen job', async () => {
    const graph = await h.call('GET', `${T}/pipeline/check/project/org/project/branch/master/freeze-jobs`);
    assert.equal(graph.statusCode, 200);
    assert.deepEqual(graph.data, [
      { name: 'tox', dependencies: [] },
      { name: 'lint', dependencies: [] },
    ]);
    const tox = (await h.call('GET', `${T}/pipeline/check/project/org/project/branch/master/freeze-job/tox`))
      .data as Record<string, unknown>;
    assert.deepEqual(tox.parents, ['base', 'tox']);
    assert.equal(tox.timeout, 1800);
    assert.deepEqual(tox.vars, {});
    const stable = (await h.call('GET', `${T}/pipeline/check/project/org/other/branch/stable/2024/freeze-job/tox`))
      .data as Record<string, unknown>;
    assert.deepEqual(stable.vars, { python: '3.9' }, 'the stable/.* variant applies on stable/2024');
    assert.equal(
      (await h.call('GET', `${T}/pipeline/nope/project/org/project/branch/master/freeze-jobs`)).statusCode,
      404,
    );
    assert.equal(
      (await h.call('GET', `${T}/pipeline/check/project/org/config/branch/master/freeze-jobs`)).statusCode,
      404,
    );
    assert.equal(
      (await h.call('GET', `${T}/pipeline/check/project/org/project/branch/master/freeze-job/x`)).statusCode,
      404,
    );
  });
});

describe('gate API: build history', () => {
  test('builds with Zuul filters and paging', async () => {
    const uuids = async (query: string) =>
      ((await h.call('GET', `${T}/builds${query}`)).data as { uuid: string }[]).map((b) => b.uuid);
    assert.deepEqual(await uuids(''), ['running1', 'b4', 'b3', 'b2', 'b1']);
    assert.equal((await h.call('GET', `${T}/builds`)).headers['access-control-allow-origin'], '*');
    assert.deepEqual(await uuids('?limit=2&skip=1'), ['b4', 'b3']);
    assert.deepEqual(await uuids('?job_name=tox'), ['b4', 'b1']);
    assert.deepEqual(await uuids('?project=org/other&final=false'), ['b2']);
    assert.deepEqual(await uuids('?result=SUCCESS&result=FAILURE&pipeline=gate'), ['b4', 'b3']);
    assert.deepEqual(await uuids('?voting=false&complete=false'), ['running1']);
    assert.deepEqual(await uuids('?change=1&patchset=1&branch=master'), ['running1', 'b1']);
    const bad = await h.call('GET', `${T}/builds?change=abc`);
    assert.equal(bad.statusCode, 400);
    assert.match(String((bad.data as { description: string }).description), /change/);
    assert.equal((await h.call('GET', `${T}/builds?final=maybe`)).statusCode, 400);
  });

  test('one build in Zuul shape, and a missing one', async () => {
    const build = (await h.call('GET', `${T}/build/b1`)).data as Record<string, unknown>;
    assert.equal(build.job_name, 'tox');
    assert.equal(build.result, 'SUCCESS');
    assert.equal(build.start_time, '2026-01-01T00:00:00');
    assert.equal(build.end_time, '2026-01-01T00:01:40');
    assert.equal(build.duration, 100);
    assert.equal(build.voting, true);
    assert.equal(build.final, true);
    assert.equal(build.project, 'org/project');
    assert.equal(build.change, 1);
    assert.equal(build.patchset, '1');
    assert.equal(build.newrev, 'a'.repeat(40));
    assert.deepEqual(build.buildset, { uuid: 'bs1' });
    assert.deepEqual(build.artifacts, [{ name: 'report', url: 'http://gate/zuul/logs/b1/report.html' }]);
    const missing = await h.call('GET', `${T}/build/nope`);
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.data as { description: string }).description, 'Build not found');
  });

  test('buildsets, and one buildset with its builds, retries and events', async () => {
    const list = (await h.call('GET', `${T}/buildsets?complete=true`)).data as Record<string, unknown>[];
    assert.deepEqual(
      list.map((b) => [b.uuid, b.result, b.message]),
      [['bs2', 'FAILURE', 'Build failed.']],
    );
    const bs = (await h.call('GET', `${T}/buildset/bs2`)).data as {
      builds: { uuid: string }[];
      retry_builds: { uuid: string }[];
      events: { event_type: string }[];
      first_build_start_time: string;
    };
    assert.deepEqual(
      bs.builds.map((b) => b.uuid),
      ['b3', 'b4'],
    );
    assert.deepEqual(
      bs.retry_builds.map((b) => b.uuid),
      ['b2'],
    );
    assert.deepEqual(
      bs.events.map((e) => e.event_type),
      ['enqueued'],
    );
    assert.equal(bs.first_build_start_time, '2026-01-01T00:00:10');
    assert.equal((await h.call('GET', `${T}/buildset/nope`)).statusCode, 404);
  });
});

describe('gate API: live status', () => {
  test('fills estimates and remaining time from past builds', async () => {
    const started = Date.now() / 1000 - 50;
    h.control.addItem(
      'test',
      'gate',
      'integrated',
      statusItem('org/project', 7, 2, [
        statusJob('tox', 'gate', { uuid: 'live-tox', start_time: started, queued: false }),
        statusJob('lint', 'gate', { voting: false }),
      ]),
    );
    const status = (await h.call('GET', `${T}/status`)).data as {
      pipelines: {
        name: string;
        change_queues: {
          heads: {
            id: string;
            remaining_time: number | null;
            jobs: { name: string; estimated_time: number | null; remaining_time: number | null }[];
          }[][];
        }[];
      }[];
    };
    const item = status.pipelines.find((p) => p.name === 'gate')!.change_queues[0]!.heads[0]![0]!;
    assert.equal(item.id, '7,2');
    const tox = item.jobs.find((j) => j.name === 'tox')!;
    assert.equal(tox.estimated_time, 200, 'the mean of the two successful tox builds');
    assert.ok(tox.remaining_time! > 140_000 && tox.remaining_time! <= 150_000, `remaining ${tox.remaining_time}`);
    assert.equal(item.jobs.find((j) => j.name === 'lint')!.estimated_time, null, 'lint never succeeded');
    assert.equal(item.remaining_time, null, 'unknown while a job has no estimate');
    const byChange = (await h.call('GET', `${T}/status/change/7,2`)).data as { id: string }[];
    assert.deepEqual(
      byChange.map((i) => i.id),
      ['7,2'],
    );
    assert.deepEqual((await h.call('GET', `${T}/status/change/7,3`)).data, []);
    assert.deepEqual((await h.call('GET', '/zuul/api/tenants')).data, [{ name: 'test', projects: 3, queue: 1 }]);
  });
});

describe('gate API: admin calls', () => {
  const enqueue = `${T}/project/org/project/enqueue`;
  test('need a token with the admin role', async () => {
    const none = await h.call('POST', enqueue, { body: { pipeline: 'check', change: '5,1' } });
    assert.equal(none.statusCode, 401);
    assert.equal((none.data as { code: number }).code, 401);
    const member = await h.call('POST', enqueue, { token: MEMBER_TOKEN, body: { pipeline: 'check', change: '5,1' } });
    assert.equal(member.statusCode, 403);
    assert.equal((await h.call('POST', enqueue, { token: 'forged', body: {} })).statusCode, 401);
    assert.equal(
      (await h.call('POST', `${T}/promote`, { token: MEMBER_TOKEN, body: { pipeline: 'gate', changes: ['7,2'] } }))
        .statusCode,
      403,
    );
    assert.equal(h.control.calls.length, 0, 'nothing reached the scheduler');
  });

  test('refuse bad bodies with 400 and unknown pipelines or projects with 404, changing nothing', async () => {
    const bad = async (url: string, body: unknown, status = 400) => {
      const r = await h.call('POST', url, { token: ADMIN_TOKEN, body });
      assert.equal(r.statusCode, status, `${url} ${JSON.stringify(body)}: ${r.body}`);
    };
    await bad(enqueue, { change: '5,1' });
    await bad(enqueue, { pipeline: 'check' });
    await bad(enqueue, { pipeline: 'check', change: '5' });
    await bad(enqueue, { pipeline: 'check', change: '5,1', ref: 'refs/heads/master' });
    await bad(enqueue, { pipeline: 'check', ref: 'refs/heads/master', newrev: 'xyz' });
    await bad(enqueue, [1, 2]);
    await bad(enqueue, { pipeline: 'nope', change: '5,1' }, 404);
    await bad(`${T}/project/org/none/enqueue`, { pipeline: 'check', change: '5,1' }, 404);
    await bad(`${T}/project/org/project/explode`, {}, 404);
    await bad(`${T}/promote`, { pipeline: 'gate', changes: [] });
    await bad(`${T}/promote`, { pipeline: 'gate', changes: ['x'] });
    await bad(`${T}/project/org/project/autohold`, { job: 'tox', reason: 'debug', count: 0 });
    await bad(`${T}/project/org/project/autohold`, { job: 'tox' });
    await bad(`${T}/project/org/project/autohold`, { job: 'tox', reason: 'r', ref: '(' });
    assert.equal(h.control.calls.length, 0);
  });

  test('enqueue, promote and dequeue reach the scheduler', async () => {
    const r = await h.call('POST', enqueue, {
      token: ADMIN_TOKEN,
      body: { trigger: 'gerrit', pipeline: 'check', change: '5,1' },
    });
    assert.equal(r.statusCode, 200);
    assert.equal(r.data, true);
    const check = h.control.items('test', 'check');
    assert.deepEqual(
      check.map((i) => [i.id, i.jobs.map((j) => j.name)]),
      [['5,1', ['tox', 'lint']]],
    );
    await h.call('POST', enqueue, { token: ADMIN_TOKEN, body: { pipeline: 'check', change: '6,1' } });
    const promoted = await h.call('POST', `${T}/promote`, {
      token: ADMIN_TOKEN,
      body: { pipeline: 'check', changes: ['6,1'] },
    });
    assert.equal(promoted.statusCode, 200);
    assert.deepEqual(
      h.control.items('test', 'check').map((i) => i.id),
      ['6,1', '5,1'],
    );
    const dq = await h.call('POST', `${T}/project/org/project/dequeue`, {
      token: ADMIN_TOKEN,
      body: { pipeline: 'check', change: '5,1' },
    });
    assert.equal(dq.statusCode, 200);
    assert.deepEqual(
      h.control.items('test', 'check').map((i) => i.id),
      ['6,1'],
    );
    const again = await h.call('POST', `${T}/project/org/project/dequeue`, {
      token: ADMIN_TOKEN,
      body: { pipeline: 'check', change: '5,1' },
    });
    assert.equal(again.statusCode, 404);
  });

  test('autohold requests: create, list, show, delete', async () => {
    const created = await h.call('POST', `${T}/project/org/project/autohold`, {
      token: ADMIN_TOKEN,
      body: { job: 'tox', reason: 'debug flaky', count: 2, change: 1234, node_hold_expiration: 3600 },
    });
    assert.equal(created.statusCode, 200);
    const list = (await h.call('GET', `${T}/autohold`)).data as Record<string, unknown>[];
    assert.equal(list.length, 1);
    const hold = list[0]!;
    assert.equal(hold.ref_filter, 'refs/changes/34/1234/.*');
    assert.equal(hold.max_count, 2);
    assert.equal(hold.current_count, 0);
    assert.equal(hold.node_expiration, 3600);
    assert.equal(hold.project, 'org/project');
    assert.deepEqual((await h.call('GET', `${T}/project/org/project/autohold`)).data, list);
    assert.deepEqual((await h.call('GET', `${T}/autohold/${hold.id}`)).data, hold);
    assert.equal((await h.call('DELETE', `${T}/autohold/${hold.id}`)).statusCode, 401);
    assert.equal((await h.call('DELETE', `${T}/autohold/${hold.id}`, { token: MEMBER_TOKEN })).statusCode, 403);
    assert.equal((await h.call('DELETE', `${T}/autohold/${hold.id}`, { token: ADMIN_TOKEN })).statusCode, 204);
    assert.equal((await h.call('DELETE', `${T}/autohold/${hold.id}`, { token: ADMIN_TOKEN })).statusCode, 404);
    assert.equal((await h.call('GET', `${T}/autohold/${hold.id}`)).statusCode, 404);
  });
});

describe('gate logs and console stream', () => {
  before(() => {
    const dir = join(h.logRoot, 'b1');
    mkdirSync(join(dir, 'zuul-info'), { recursive: true });
    writeFileSync(join(dir, 'job-output.txt'), 'line one\nline two ü\nlast line');
    writeFileSync(join(dir, 'zuul-info', 'inventory.yaml'), 'all: {}\n');
    writeFileSync(join(dir, 'report.html'), '<h1>report</h1>');
    writeFileSync(join(dir, 'empty.log'), '');
    writeFileSync(join(h.logRoot, 'secret.txt'), 'outside');
    symlinkSync(join(h.logRoot, 'secret.txt'), join(dir, 'escape.txt'));
  });

  test('serves files with their content type and directories as an index', async () => {
    const out = await h.call('GET', '/zuul/logs/b1/job-output.txt');
    assert.equal(out.statusCode, 200);
    assert.equal(out.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(out.body, 'line one\nline two ü\nlast line');
    assert.equal(out.headers['content-security-policy'], 'sandbox');
    const html = await h.call('GET', '/zuul/logs/b1/report.html');
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    const empty = await h.call('GET', '/zuul/logs/b1/empty.log');
    assert.equal(empty.statusCode, 200);
    assert.equal(empty.body, '');
    const yaml = await h.call('GET', '/zuul/logs/b1/zuul-info/inventory.yaml');
    assert.equal(yaml.body, 'all: {}\n');
    const redirect = await h.call('GET', '/zuul/logs/b1');
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, '/zuul/logs/b1/');
    const index = await h.call('GET', '/zuul/logs/b1/');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /href="job-output.txt"/);
    assert.match(index.body, /href="zuul-info\/"/);
  });

  test('never leaves the build directory', async () => {
    for (const path of [
      '/zuul/logs/b1/../secret.txt',
      '/zuul/logs/b1/%2e%2e/secret.txt',
      '/zuul/logs/b1/..%2fsecret.txt',
      '/zuul/logs/b1/escape.txt',
      '/zuul/logs/..%2f/secret.txt',
      '/zuul/logs/b1/nope.txt',
      '/zuul/logs/zz/job-output.txt',
    ]) {
      const r = await h.call('GET', path);
      assert.ok([400, 404].includes(r.statusCode), `${path}: ${r.statusCode}`);
      assert.ok(!r.body.includes('outside'), path);
    }
  });

  test('streams a finished build console as server-sent events, resuming at Last-Event-ID', async () => {
    const r = await h.call('GET', `${T}/console-stream/b1`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/event-stream; charset=utf-8');
    const data = [...r.body.matchAll(/^data: (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(data, ['line one', 'line two ü', 'last line', 'SUCCESS']);
    assert.match(r.body, /event: end\ndata: SUCCESS/);
    const ids = [...r.body.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const resumed = await h.call('GET', `${T}/console-stream/b1`, { headers: { 'last-event-id': String(ids[0]) } });
    assert.deepEqual(
      [...resumed.body.matchAll(/^data: (.*)$/gm)].map((m) => m[1]),
      ['line two ü', 'last line', 'SUCCESS'],
    );
    assert.equal((await h.call('GET', `${T}/console-stream/unknown`)).statusCode, 404);
  });

  test('follows a running build until it finishes', async () => {
    const dir = join(h.logRoot, 'running1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'job-output.txt'), 'starting\n');
    const streaming = h.call('GET', `${T}/console-stream/running1`);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(join(dir, 'job-output.txt'), 'starting\nworking\n');
    await new Promise((r) => setTimeout(r, 100));
    await h.recorder.buildFinished('running1', {
      result: 'FAILURE',
      endTime: new Date(),
      error: null,
      logUrl: null,
      artifacts: [],
      retried: false,
    });
    const r = await streaming;
    assert.deepEqual(
      [...r.body.matchAll(/^data: (.*)$/gm)].map((m) => m[1]),
      ['starting', 'working', 'FAILURE'],
    );
  });
});

describe('gate console stream on shutdown', () => {
  test('closing the server ends the stream of a running build', async () => {
    const other = await startGateApiHarness({ layouts: new Map([['test', sampleLayout()]]) });
    await other.recorder.buildsetCreated({
      uuid: 'bs',
      tenant: 'test',
      pipeline: 'check',
      project: 'org/project',
      branch: 'master',
      change: 1,
      patchset: 1,
      ref: 'r',
      commit: null,
      eventId: null,
    });
    await other.recorder.buildStarted({
      uuid: 'forever',
      buildsetUuid: 'bs',
      jobName: 'tox',
      voting: true,
      nodes: [],
      startTime: new Date(),
    });
    const streaming = other.call('GET', `${T}/console-stream/forever`);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await other.close();
    const r = await streaming;
    assert.equal(r.statusCode, 200);
    assert.doesNotMatch(r.body, /event: end/, 'the build did not end, the stream did');
    assert.ok(Date.now() - started < 5000);
  });
});

describe('gate web pages', () => {
  test('redirects to the status page and serves the shell and the bundle', async () => {
    const root = await h.call('GET', '/zuul/');
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/zuul/t/test/status');
    assert.equal((await h.call('GET', '/zuul')).headers.location, '/zuul/t/test/status');
    assert.equal((await h.call('GET', '/zuul/t/test')).headers.location, '/zuul/t/test/status');
    const page = await h.call('GET', '/zuul/t/test/status');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /data-tenant="test"/);
    assert.match(page.body, /src="\/zuul\/static\/gate-web.js"/);
    assert.equal((await h.call('GET', '/zuul/t/nope/status')).statusCode, 404);
    const js = await h.call('GET', '/zuul/static/gate-web.js');
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.ok(js.body.length > 10_000);
    const cached = await h.call('GET', '/zuul/static/gate-web.js', {
      headers: { 'if-none-match': String(js.headers.etag) },
    });
    assert.equal(cached.statusCode, 304);
  });
});
