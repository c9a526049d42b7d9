// Neutron networks, subnets and ports through the real `openstack` CLI against a running nubo, and servers on them:
// a server booted with `--network` gets a port with an address on it, shows the floating IP once associated, and
// its port goes with it on delete; bad input gets Neutron's 4xx and changes nothing; another project sees nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, type OpenstackAs } from './lib/openstack-as.js';

type Row = Record<string, unknown>;

/** A CLI cell that is a dict or list: JSON output gives the value itself, older formatters a Python-ish string. */
function structured<T>(value: unknown): T {
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value.replaceAll("'", '"').replaceAll('True', 'true').replaceAll('False', 'false')) as T;
}

describe('networking through the openstack CLI', () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  let demo: OpenstackAs;
  let networkId: string;
  let subnetId: string;
  const scratch = mkdtempSync(join(tmpdir(), 'nubo-network-cli-'));

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
    demo = asCloud(server, 'nubo-demo');
  });
  after(async () => {
    await server?.stop();
  });

  it('creates a network and a subnet with pools, DNS and gateway, and lists them', async () => {
    const network = await demo.json<Row>(['network', 'create', 'private']);
    networkId = String(network.id);
    assert.equal(network.mtu, 1450);
    assert.equal(network.status, 'ACTIVE');
    const subnet = await demo.json<Row>([
      ...['subnet', 'create', '--network', 'private', '--subnet-range', '10.0.0.0/24'],
      ...['--allocation-pool', 'start=10.0.0.10,end=10.0.0.20', '--dns-nameserver', '10.0.0.53'],
      ...['--gateway', '10.0.0.1', 'private-subnet'],
    ]);
    subnetId = String(subnet.id);
    assert.deepEqual(structured(subnet.allocation_pools), [{ start: '10.0.0.10', end: '10.0.0.20' }]);
    assert.deepEqual(structured(subnet.dns_nameservers), ['10.0.0.53']);
    assert.equal(subnet.gateway_ip, '10.0.0.1');
    const listed = await demo.json<Row[]>(['network', 'list']);
    const mine = listed.find((n) => n.ID === networkId);
    assert.ok(mine, 'the new network is listed');
    assert.deepEqual(structured(mine.Subnets), [subnetId]);
  });

  it('creates a port with a fixed IP and the default security group, and refuses the same IP twice (409)', async () => {
    const port = await demo.json<Row>([
      ...['port', 'create', '--network', 'private', '--fixed-ip', `subnet=${subnetId},ip-address=10.0.0.15`, 'p1'],
    ]);
    assert.deepEqual(structured(port.fixed_ips), [{ subnet_id: subnetId, ip_address: '10.0.0.15' }]);
    assert.match(String(port.mac_address), /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    const groups = await demo.json<Row[]>(['security', 'group', 'list']);
    const defaultGroup = groups.find((g) => g.Name === 'default');
    assert.deepEqual(structured(port.security_group_ids), [defaultGroup?.ID]);
    const again = await demo.run([
      ...['port', 'create', '--network', 'private', '--fixed-ip', `subnet=${subnetId},ip-address=10.0.0.15`, 'p2'],
    ]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /409|already allocated/);
    const outside = await demo.run([
      ...['port', 'create', '--network', 'private', '--fixed-ip', `subnet=${subnetId},ip-address=10.9.9.9`, 'p3'],
    ]);
    assert.notEqual(outside.code, 0);
    assert.match(outside.stderr, /400|not a valid IP for the specified subnet/);
    const ports = await demo.json<Row[]>(['port', 'list', '--network', 'private']);
    assert.deepEqual(
      ports.map((p) => p.Name),
      ['p1'],
      'the refused ports left nothing behind',
    );
  });

  it('refuses an overlapping subnet and a bad CIDR with 400, creating nothing', async () => {
    const overlap = await demo.run([
      ...['subnet', 'create', '--network', 'private', '--subnet-range', '10.0.0.128/25', 'overlap'],
    ]);
    assert.notEqual(overlap.code, 0);
    assert.match(overlap.stderr, /400|overlaps/);
    const bad = await demo.run(['subnet', 'create', '--network', 'private', '--subnet-range', '10.0.0.300/24', 'bad']);
    assert.notEqual(bad.code, 0);
    const subnets = await demo.json<Row[]>(['subnet', 'list', '--network', 'private']);
    assert.deepEqual(
      subnets.map((s) => s.Name),
      ['private-subnet'],
    );
  });

  it('keeps a project private network out of another project’s sight', async () => {
    const adminNets = await admin.json<Row[]>(['network', 'list']);
    assert.ok(
      adminNets.some((n) => n.ID === networkId),
      'the admin sees every network',
    );
    await admin.ok(['network', 'create', 'admin-only']);
    const demoNets = await demo.json<Row[]>(['network', 'list']);
    assert.ok(!demoNets.some((n) => n.Name === 'admin-only'), 'demo does not see the admin’s private network');
    const shown = await demo.run(['network', 'show', 'admin-only']);
    assert.notEqual(shown.code, 0);
  });

  it('enforces the port quota with 409', async () => {
    const project = String((await demo.json<Row>(['network', 'show', 'private'])).project_id);
    await admin.ok(['quota', 'set', '--ports', '1', project]);
    const over = await demo.run(['port', 'create', '--network', 'private', 'over-quota']);
    assert.notEqual(over.code, 0);
    assert.match(over.stderr, /409|Quota exceeded/);
    await admin.ok(['quota', 'set', '--ports', '50', project]);
  });

  it('boots a server on the network: its port, its address, its floating IP, and the port gone with it', async () => {
    const file = join(scratch, 'disk.img');
    writeFileSync(file, Buffer.alloc(1024 * 1024, 7));
    await admin.ok([
      ...['image', 'create', '--public', '--disk-format', 'raw', '--container-format', 'bare', '--file', file],
      'net-image',
    ]);
    await admin.ok(['flavor', 'create', '--vcpus', '1', '--ram', '128', '--disk', '1', 'net.tiny']);
    const created = await demo.json<Row>([
      ...['server', 'create', '--image', 'net-image', '--flavor', 'net.tiny', '--network', 'private', '--wait'],
      'vm1',
    ]);
    assert.equal(created.status, 'ACTIVE');
    const ports = await demo.json<Row[]>(['port', 'list', '--server', 'vm1']);
    assert.equal(ports.length, 1);
    const fixed = structured<{ ip_address: string }[]>(ports[0]!['Fixed IP Addresses'])[0]!.ip_address;
    const shown = await demo.json<Row>(['server', 'show', 'vm1']);
    assert.deepEqual(structured(shown.addresses), { private: [fixed] });

    // A router to an external network lets a floating IP reach the port; the server shows it.
    await admin.ok(['network', 'create', '--external', 'public']);
    await admin.ok(['subnet', 'create', '--network', 'public', '--subnet-range', '172.24.4.0/24', 'public-subnet']);
    await demo.ok(['router', 'create', 'r1']);
    await demo.ok(['router', 'set', '--external-gateway', 'public', 'r1']);
    await demo.ok(['router', 'add', 'subnet', 'r1', 'private-subnet']);
    const fip = await demo.json<Row>(['floating', 'ip', 'create', 'public']);
    await demo.ok(['floating', 'ip', 'set', '--port', String(ports[0]!.ID), String(fip.id)]);
    const withFip = await demo.json<Row>(['server', 'show', 'vm1']);
    assert.deepEqual(structured(withFip.addresses), { private: [fixed, fip.floating_ip_address] });

    // A network with a server on it is in use.
    const inUse = await demo.run(['network', 'delete', 'private']);
    assert.notEqual(inUse.code, 0);
    assert.match(inUse.stderr, /409|in use/);

    await demo.ok(['server', 'delete', '--wait', 'vm1']);
    const left = await demo.json<Row[]>(['port', 'list', '--device-owner', 'compute:nova']);
    assert.deepEqual(left, [], 'the server’s port is deleted with it');
    const stillFip = await demo.json<Row>(['floating', 'ip', 'show', String(fip.id)]);
    assert.equal(stillFip.port_id, null, 'the floating IP is kept, disassociated');
  });
});
