// Projects, branches, config, webhooks, the server version and the commit-msg hook.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { type Harness, startHarness } from '../../test/harness.js';

type Info = Record<string, any>;

describe('/projects/ and the server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('an admin creates a project: its repository, branches, HEAD and events', async () => {
    const created = await h.call(h.admin, 'PUT', '/projects/openstack%2Fnova', {
      description: 'Compute',
      create_empty_commit: true,
      branches: ['main', 'stable'],
      submit_type: 'REBASE_IF_NECESSARY',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.data, {
      id: 'openstack%2Fnova',
      name: 'openstack/nova',
      description: 'Compute',
      state: 'ACTIVE',
      web_links: [],
    });
    const branches = (await h.call(undefined, 'GET', '/projects/openstack%2Fnova/branches/')).data as Info[];
    assert.deepEqual(
      branches.map((b) => b.ref),
      ['HEAD', 'refs/heads/main', 'refs/heads/stable'],
    );
    assert.equal(branches[0]!.revision, 'main');
    assert.equal((await h.call(undefined, 'GET', '/projects/openstack%2Fnova/HEAD')).data, 'refs/heads/main');
    const config = (await h.call(undefined, 'GET', '/projects/openstack%2Fnova/config')).data as Info;
    assert.equal(config.submit_type, 'REBASE_IF_NECESSARY');
    await setImmediate();
    assert.deepEqual(h.busEvents.at(-1), {
      type: 'project-created',
      projectName: 'openstack/nova',
      projectHead: 'refs/heads/main',
      eventCreatedOn: h.busEvents.at(-1)!.eventCreatedOn,
    });
    const clone = await h.clone('openstack/nova', h.demo);
    assert.equal((await clone.git('log', '--format=%s')).stdout.trim(), 'Initial empty repository');
  });

  test('bad input: non-admin 403, duplicate 409, bad names 400, mismatched name 400, bad submit type 400', async () => {
    const denied = await h.call(h.demo, 'PUT', '/projects/mine', {});
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.body, 'create project not permitted\n');
    assert.equal((await h.call(h.admin, 'GET', '/projects/mine')).statusCode, 404, 'nothing was created');
    const dup = await h.call(h.admin, 'PUT', '/projects/openstack%2Fnova', {});
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.body, 'Project already exists\n');
    for (const name of ['a%2F%2Fb', '.hidden', 'a%2F..%2Fb', 'sp%20ace', 'x.lock']) {
      const bad = await h.call(h.admin, 'PUT', `/projects/${name}`, {});
      assert.equal(bad.statusCode, 400, `${name}: ${bad.body}`);
    }
    assert.equal((await h.call(h.admin, 'PUT', '/projects/one', { name: 'two' })).statusCode, 400);
    assert.equal((await h.call(h.admin, 'PUT', '/projects/one', { submit_type: 'YOLO' })).statusCode, 400);
    assert.equal((await h.call(h.admin, 'PUT', '/projects/one', { parent: 'nowhere' })).statusCode, 422);
    assert.equal((await h.call(undefined, 'PUT', '/projects/anon', {})).statusCode, 401);
    const missing = await h.call(undefined, 'GET', '/projects/nowhere');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.body, 'Not found: nowhere\n');
  });

  test('list with description, prefix, regex and branches; config and description changes', async () => {
    await h.createProject('swift', { description: 'Objects' });
    const all = (await h.call(undefined, 'GET', '/projects/')).data as Info;
    assert.deepEqual(Object.keys(all), ['openstack/nova', 'swift']);
    assert.equal(all.swift.description, undefined, 'descriptions only with d');
    const described = (await h.call(undefined, 'GET', '/projects/?d&p=sw')).data as Info;
    assert.deepEqual(described, { swift: { id: 'swift', description: 'Objects', state: 'ACTIVE', web_links: [] } });
    const regex = (await h.call(undefined, 'GET', '/projects/?r=open.*&b=main')).data as Info;
    assert.deepEqual(Object.keys(regex), ['openstack/nova']);
    assert.match(regex['openstack/nova'].branches.main, /^[0-9a-f]{40}$/);
    assert.equal((await h.call(undefined, 'GET', '/projects/?r=(')).statusCode, 400);

    assert.equal(
      (await h.call(h.demo, 'PUT', '/projects/swift/config', { submit_type: 'CHERRY_PICK' })).statusCode,
      403,
    );
    const updated = await h.call(h.admin, 'PUT', '/projects/swift/config', {
      submit_type: 'CHERRY_PICK',
      description: 'Blobs',
    });
    assert.equal((updated.data as Info).submit_type, 'CHERRY_PICK');
    assert.equal((await h.call(undefined, 'GET', '/projects/swift/description')).data, 'Blobs');
  });

  test('branches: create one, show one, refuse duplicates and bad revisions; set HEAD', async () => {
    const created = await h.call(h.admin, 'PUT', '/projects/swift/branches/stable%2F2026', {});
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((created.data as Info).ref, 'refs/heads/stable/2026');
    const shown = (await h.call(undefined, 'GET', '/projects/swift/branches/stable%2F2026')).data as Info;
    assert.equal(shown.revision, (created.data as Info).revision);
    assert.equal((await h.call(h.admin, 'PUT', '/projects/swift/branches/stable%2F2026', {})).statusCode, 409);
    assert.equal((await h.call(h.admin, 'PUT', '/projects/swift/branches/x', { revision: 'nope' })).statusCode, 400);
    assert.equal((await h.call(h.demo, 'PUT', '/projects/swift/branches/y', {})).statusCode, 403);
    assert.equal((await h.call(undefined, 'GET', '/projects/swift/branches/none')).statusCode, 404);
    assert.equal(h.events.at(-1)!.type, 'ref-updated');
    const head = await h.call(h.admin, 'PUT', '/projects/swift/HEAD', { ref: 'refs/heads/stable/2026' });
    assert.equal(head.data, 'refs/heads/stable/2026');
  });

  test('webhooks: admins manage the remotes of a project, and events reach them', async () => {
    const received: Record<string, unknown>[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    const hooks = '/config/server/webhooks~projects/swift/remotes';
    await h.call(h.admin, 'PUT', `${hooks}/receiver`, { url: `http://127.0.0.1:${port}/`, events: ['ref-updated'] });
    await h.call(h.admin, 'PUT', '/projects/swift/branches/hooked', {});
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    receiver.close();
    assert.equal(received.length, 1);
    assert.equal((received[0]!.refUpdate as Record<string, unknown>).refName, 'refs/heads/hooked');
    await h.call(h.admin, 'DELETE', `${hooks}/receiver`);

    const path = '/config/server/webhooks~projects/swift/remotes';
    assert.equal((await h.call(h.demo, 'PUT', `${path}/ci`, { url: 'http://127.0.0.1:9/hook' })).statusCode, 403);
    assert.equal((await h.call(h.admin, 'PUT', `${path}/ci`, { url: 'ftp://x' })).statusCode, 400);
    const put = await h.call(h.admin, 'PUT', `${path}/ci`, { url: 'http://127.0.0.1:9/hook', events: ['ref-updated'] });
    assert.equal(put.statusCode, 201);
    assert.deepEqual((await h.call(h.admin, 'GET', `${path}/`)).data, {
      ci: { url: 'http://127.0.0.1:9/hook', events: ['ref-updated'] },
    });
    assert.equal((await h.call(h.admin, 'DELETE', `${path}/ci`)).statusCode, 204);
    assert.equal((await h.call(h.admin, 'DELETE', `${path}/ci`)).statusCode, 404);
  });

  test('the server version, the commit-msg hook at /review and at the root, a git 404', async () => {
    const version = await h.call(undefined, 'GET', '/config/server/version');
    assert.equal(version.body, ')]}\'\n"3.10.0"\n');
    const hook = await h.app.inject({ method: 'GET', url: '/review/tools/hooks/commit-msg' });
    assert.equal(hook.statusCode, 200);
    assert.match(hook.body, /^#!\/bin\/sh\n/);
    assert.equal((await h.app.inject({ method: 'GET', url: '/tools/hooks/commit-msg' })).body, hook.body);
    assert.equal((await h.call(undefined, 'GET', '/nowhere/info/refs?service=git-upload-pack')).statusCode, 404);
    assert.equal((await h.call(undefined, 'GET', '/no/such/path')).statusCode, 404);
    const push = await h.call(undefined, 'GET', '/swift/info/refs?service=git-receive-pack');
    assert.equal(push.statusCode, 401, 'pushing asks for credentials');
  });
});
