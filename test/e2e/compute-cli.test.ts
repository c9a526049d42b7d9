// Nova v2.1 through the real `openstack` CLI against a running nubo: flavors, key pairs, servers and their actions
// (these need the image service and the compute engine), quota refusals, policies and project isolation, each
// asserted on what the CLI prints.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, asUser, type OpenstackAs } from './lib/openstack-as.js';

type Row = Record<string, unknown>;

/** A fresh OpenSSH ed25519 public key (RFC 8709 wire format). */
function ed25519PublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} e2e@nubo`;
}

describe('compute through the openstack CLI', () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  let demo: OpenstackAs;
  let imageId: string;
  const scratch = mkdtempSync(join(tmpdir(), 'nubo-compute-cli-'));

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
    demo = asCloud(server, 'nubo-demo');
    await admin.ok(['flavor', 'create', '--id', 'e2e.tiny', '--vcpus', '1', '--ram', '128', '--disk', '1', 'e2e.tiny']);
  });
  after(async () => {
    await server?.stop();
  });

  /** A user with `role` on a new project (or on `project`), as the CLI sees it. */
  async function userWith(
    name: string,
    role: string,
    project?: string,
  ): Promise<{ cli: OpenstackAs; project: string }> {
    const projectName = project ?? `${name}-project`;
    if (!project) await admin.ok(['project', 'create', '--domain', 'default', projectName]);
    await admin.ok(['user', 'create', '--domain', 'default', '--password', `pw-${name}`, name]);
    await admin.ok(['role', 'add', '--user', name, '--project', projectName, role]);
    return { cli: asUser(server, { username: name, password: `pw-${name}`, projectName }), project: projectName };
  }

  /** The test image (uploaded once, public). */
  async function image(): Promise<string> {
    if (!imageId) {
      const file = join(scratch, 'disk.img');
      writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
      const created = await admin.json([
        ...['image', 'create', '--public', '--disk-format', 'qcow2', '--container-format', 'bare'],
        ...['--file', file, 'e2e-cirros'],
      ]);
      imageId = String(created.id);
    }
    return imageId;
  }

  /** Polls `server show` until the status is `status` (or fails on ERROR / after 60 s). */
  async function waitFor(cli: OpenstackAs, id: string, status: string): Promise<Row> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const shown = await cli.json<Row>(['server', 'show', id]);
      if (shown.status === status) return shown;
      if (shown.status === 'ERROR') throw new Error(`server ${id} went to ERROR: ${JSON.stringify(shown.fault)}`);
      if (Date.now() > deadline) throw new Error(`server ${id} is ${shown.status}, not ${status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('manages flavors: create, list, show, properties, access, delete', async () => {
    const created = await admin.json([
      ...['--os-compute-api-version', '2.55', 'flavor', 'create', '--id', 'e2e.small', '--vcpus', '2', '--ram', '512'],
      ...['--disk', '5', '--description', 'two cores', '--property', 'hw:cpu_policy=shared', 'e2e.small'],
    ]);
    assert.deepEqual(
      {
        id: created.id,
        vcpus: created.vcpus,
        ram: created.ram,
        disk: created.disk,
        public: created['os-flavor-access:is_public'],
      },
      { id: 'e2e.small', vcpus: 2, ram: 512, disk: 5, public: true },
    );
    const listed = await demo.json<Row[]>(['flavor', 'list']);
    assert.ok(listed.some((f) => f.ID === 'e2e.small' && f.VCPUs === 2));
    const shown = await demo.json(['flavor', 'show', 'e2e.small']);
    assert.deepEqual(shown.properties, { 'hw:cpu_policy': 'shared' });
    const privateFlavor = await admin.json([
      'flavor',
      'create',
      '--private',
      '--id',
      'e2e.private',
      '--vcpus',
      '1',
      '--ram',
      '64',
      '--disk',
      '1',
      'e2e.private',
    ]);
    assert.equal(privateFlavor['os-flavor-access:is_public'], false);
    assert.notEqual((await demo.run(['flavor', 'show', 'e2e.private'])).code, 0, 'demo cannot see a private flavor');
    await admin.ok(['flavor', 'set', '--project', 'demo', 'e2e.private']);
    assert.equal((await demo.json(['flavor', 'show', 'e2e.private'])).name, 'e2e.private');
    const refused = await demo.run(['flavor', 'create', '--vcpus', '1', '--ram', '64', '--disk', '1', 'mine']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\b403\b/);
    await admin.ok(['flavor', 'delete', 'e2e.small', 'e2e.private']);
    assert.notEqual((await admin.run(['flavor', 'show', 'e2e.small'])).code, 0);
  });

  it('manages key pairs: create prints the private key, import, list, show, delete', async () => {
    const created = await demo.ok(['keypair', 'create', 'e2e-key']);
    assert.match(created.stdout, /-----BEGIN RSA PRIVATE KEY-----/);
    const pub = join(scratch, 'imported.pub');
    writeFileSync(pub, `${ed25519PublicKey()}\n`);
    const imported = await demo.json(['keypair', 'create', '--public-key', pub, 'e2e-imported']);
    assert.match(String(imported.fingerprint), /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const listed = await demo.json<Row[]>(['keypair', 'list']);
    assert.deepEqual(listed.map((k) => k.Name).sort(), ['e2e-imported', 'e2e-key']);
    const shown = await demo.json(['keypair', 'show', 'e2e-key']);
    assert.equal(shown.name, 'e2e-key');
    const bad = join(scratch, 'bad.pub');
    writeFileSync(bad, 'ssh-rsa not-a-key\n');
    const refused = await demo.run(['keypair', 'create', '--public-key', bad, 'e2e-bad']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Keypair data is invalid/);
    await demo.ok(['keypair', 'delete', 'e2e-imported']);
    assert.deepEqual(
      (await demo.json<Row[]>(['keypair', 'list'])).map((k) => k.Name),
      ['e2e-key'],
    );
  });

  it('refuses what quota and policy forbid', async () => {
    await admin.ok([
      'flavor',
      'create',
      '--id',
      'e2e.huge',
      '--vcpus',
      '30',
      '--ram',
      '1024',
      '--disk',
      '1',
      'e2e.huge',
    ]);
    const over = await demo.run(['server', 'create', '--flavor', 'e2e.huge', '--image', await image(), 'too-big']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /Quota exceeded for cores: Requested 30, but already used \d+ of 20 cores.*HTTP 403/);
    const reader = await userWith('e2e-reader', 'reader', 'demo');
    const refused = await reader.cli.run([
      'server',
      'create',
      '--flavor',
      'e2e.tiny',
      '--image',
      await image(),
      'by-reader',
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /os_compute_api:servers:create.*HTTP 403/);
  });

  it('builds a server, shows and lists it, and runs actions on it', async () => {
    const created = await demo.json([
      ...['server', 'create', '--flavor', 'e2e.tiny', '--image', await image(), '--key-name', 'e2e-key'],
      ...['--property', 'role=e2e', '--wait', 'e2e-vm'],
    ]);
    assert.equal(created.status, 'ACTIVE');
    const id = String(created.id);
    const shown = await demo.json(['server', 'show', id]);
    assert.deepEqual(
      {
        name: shown.name,
        key: shown.key_name,
        flavor: String(shown.flavor).includes('e2e.tiny'),
        props: shown.properties,
      },
      { name: 'e2e-vm', key: 'e2e-key', flavor: true, props: { role: 'e2e' } },
    );
    const listed = await demo.json<Row[]>(['server', 'list']);
    assert.ok(listed.some((s) => s.ID === id && s.Status === 'ACTIVE'));

    await demo.ok(['server', 'stop', id]);
    await waitFor(demo, id, 'SHUTOFF');
    await demo.ok(['server', 'start', id]);
    await waitFor(demo, id, 'ACTIVE');
    await demo.ok(['server', 'pause', id]);
    await waitFor(demo, id, 'PAUSED');
    await demo.ok(['server', 'unpause', id]);
    await waitFor(demo, id, 'ACTIVE');
    await demo.ok(['server', 'suspend', id]);
    await waitFor(demo, id, 'SUSPENDED');
    await demo.ok(['server', 'resume', id]);
    await waitFor(demo, id, 'ACTIVE');
    await demo.ok(['server', 'reboot', '--hard', '--wait', id]);
    await waitFor(demo, id, 'ACTIVE');
    await demo.ok(['server', 'lock', id]);
    const locked = await demo.run(['server', 'stop', id]);
    assert.match(locked.stderr, /is locked.*\b409\b/);
    await demo.ok(['server', 'unlock', id]);
    const console = await demo.ok(['console', 'log', 'show', id]);
    assert.equal(typeof console.stdout, 'string');
    const actions = await demo.json<Row[]>(['server', 'event', 'list', id]);
    assert.ok(actions.some((a) => a.Action === 'create') && actions.some((a) => a.Action === 'stop'));

    const other = await userWith('e2e-other', 'member');
    const hidden = await other.cli.run(['server', 'show', id]);
    assert.notEqual(hidden.code, 0, 'another project cannot see the server');
    assert.match(hidden.stderr, /No server with a name or ID|HTTP 404/);
    assert.deepEqual(await other.cli.json<Row[]>(['server', 'list']), []);

    await demo.ok(['server', 'delete', '--wait', id]);
    assert.deepEqual(
      (await demo.json<Row[]>(['server', 'list'])).filter((s) => s.ID === id),
      [],
    );
  });

  it('shows the admin views: zones, hypervisors, services, aggregates, usage', async () => {
    const zones = await demo.json<Row[]>(['availability', 'zone', 'list', '--compute']);
    assert.ok(zones.some((z) => z['Zone Name'] === 'nova' && z['Zone Status'] === 'available'));
    const services = await admin.json<Row[]>(['compute', 'service', 'list']);
    const compute = services.find((s) => s.Binary === 'nova-compute');
    assert.ok(compute, JSON.stringify(services));
    const hypervisors = await admin.json<Row[]>(['hypervisor', 'list']);
    assert.ok(hypervisors.length >= 1);
    await admin.ok(['aggregate', 'create', '--zone', 'e2e-zone', 'e2e-agg']);
    await admin.ok(['aggregate', 'add', 'host', 'e2e-agg', String(compute.Host)]);
    const aggregate = await admin.json(['aggregate', 'show', 'e2e-agg']);
    assert.equal(aggregate.availability_zone, 'e2e-zone');
    await admin.ok(['aggregate', 'remove', 'host', 'e2e-agg', String(compute.Host)]);
    await admin.ok(['aggregate', 'delete', 'e2e-agg']);
    const limits = await demo.json<Row[]>(['limits', 'show', '--absolute']);
    assert.ok(limits.some((l) => l.Name === 'maxTotalCores' && l.Value === 20));
    await admin.ok(['usage', 'list']);
  });
});
