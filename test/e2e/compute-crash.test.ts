// Crash safety of the whole process: `nubo up` is killed (SIGKILL) during a burst of server creates, started again
// on the same data dir, and then every server is ACTIVE or ERROR — none stuck in BUILD — with its allocation on
// its host and Placement usages equal to the sum of the servers' flavors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { type NuboServer, repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
const BURST = 40;
const ENV = {
  NUBO_COMPUTE_HOST_COUNT: '4',
  NUBO_COMPUTE_FAKE_SPAWN_DELAY_MS: '300',
  NUBO_COMPUTE_QUOTA_INSTANCES: '-1',
  NUBO_COMPUTE_QUOTA_CORES: '-1',
  NUBO_COMPUTE_QUOTA_RAM: '-1',
};

interface Session {
  token: string;
  compute: string;
  image: string;
  placement: string;
}

async function login(server: NuboServer): Promise<Session> {
  const admin = server.credentials.admin;
  const response = await fetch(`${server.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: admin.username, domain: { id: 'default' }, password: admin.password } },
        },
        scope: { project: { name: admin.projectName, domain: { id: 'default' } } },
      },
    }),
  });
  const body = (await response.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const url = (type: string) =>
    body.token.catalog.find((s) => s.type === type)!.endpoints.find((e) => e.interface === 'public')!.url;
  return {
    token: response.headers.get('x-subject-token')!,
    compute: url('compute'),
    image: url('image'),
    placement: url('placement'),
  };
}

async function api(s: Session, method: string, url: string, body?: unknown, version = 'compute 2.74') {
  const response = await fetch(url, {
    method,
    headers: {
      'x-auth-token': s.token,
      'openstack-api-version': version,
      ...(body instanceof Buffer
        ? { 'content-type': 'application/octet-stream' }
        : body
          ? { 'content-type': 'application/json' }
          : {}),
    },
    body: body instanceof Buffer ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, data: (text ? JSON.parse(text) : {}) as any };
}

describe('compute survives a crash of the process', () => {
  let server: NuboServer;
  before(async () => {
    server = await startNubo(ENV);
  });
  after(async () => {
    await server?.stop();
  });

  it('killed in a burst of creates and started again, every server is ACTIVE or ERROR and nothing leaks', async () => {
    let s = await login(server);
    const image = await api(s, 'POST', `${s.image}/v2/images`, {
      name: 'crash-tiny',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'public',
    });
    assert.equal(image.status, 201);
    assert.equal((await api(s, 'PUT', `${s.image}/v2/images/${image.data.id}/file`, Buffer.alloc(4096))).status, 204);
    const flavor = await api(s, 'POST', `${s.compute}/flavors`, {
      flavor: { name: 'crash.tiny', ram: 64, vcpus: 1, disk: 1 },
    });
    assert.equal(flavor.status, 200);

    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BURST) {
          const i = next++;
          const created = await api(s, 'POST', `${s.compute}/servers`, {
            server: { name: `crash-${i}`, imageRef: image.data.id, flavorRef: flavor.data.flavor.id, networks: 'none' },
          });
          assert.equal(created.status, 202, JSON.stringify(created.data));
          ids.push(created.data.server.id);
        }
      }),
    );
    const pid = Number(readFileSync(join(server.dataDir, 'nubo.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    for (let waited = 0; ; waited += 50) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      assert.ok(waited < 10_000, 'the killed process did not go away');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const db = new Database(join(server.dataDir, 'nubo.db'), { readonly: true });
    const building = db.prepare("SELECT count(*) AS n FROM compute_instances WHERE vm_state = 'building'").get() as {
      n: number;
    };
    db.close();
    assert.ok(building.n > 0, 'the kill should cut off some builds');

    await run(
      join(repoRoot, 'bin', 'nubo'),
      ['up', '--detach', '--data-dir', server.dataDir, '--port', String(server.port), '--no-clouds-yaml'],
      { env: { ...process.env, NUBO_IDENTITY_BCRYPT_COST: '4', ...ENV }, timeout: 90_000 },
    );
    s = await login(server);
    const deadline = Date.now() + 60_000;
    let servers: { id: string; status: string; 'OS-EXT-SRV-ATTR:hypervisor_hostname': string | null }[] = [];
    for (;;) {
      servers = (await api(s, 'GET', `${s.compute}/servers/detail`)).data.servers;
      if (servers.length === BURST && servers.every((v) => v.status === 'ACTIVE' || v.status === 'ERROR')) break;
      assert.ok(Date.now() < deadline, `still not settled: ${servers.map((v) => v.status).join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.deepEqual(servers.map((v) => v.id).sort(), [...ids].sort());
    assert.equal(servers.filter((v) => v.status === 'ERROR').length, 0);

    const providers = (await api(s, 'GET', `${s.placement}/resource_providers`, undefined, 'placement 1.39')).data
      .resource_providers as { uuid: string; name: string }[];
    const expected = new Map(providers.map((p) => [p.uuid, { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }]));
    for (const v of servers) {
      const held = (await api(s, 'GET', `${s.placement}/allocations/${v.id}`, undefined, 'placement 1.39')).data
        .allocations as Record<string, { resources: Record<string, number> }>;
      const provider = providers.find((p) => p.name === v['OS-EXT-SRV-ATTR:hypervisor_hostname'])!;
      assert.deepEqual(Object.keys(held), [provider.uuid], `${v.id} holds ${JSON.stringify(held)}`);
      const sums = expected.get(provider.uuid)!;
      sums.VCPU += 1;
      sums.MEMORY_MB += 64;
      sums.DISK_GB += 1;
    }
    for (const provider of providers) {
      const usages = (
        await api(s, 'GET', `${s.placement}/resource_providers/${provider.uuid}/usages`, undefined, 'placement 1.39')
      ).data.usages;
      assert.deepEqual(usages, expected.get(provider.uuid), `usages of ${provider.name}`);
    }
  });
});
