// Neutron's security groups, routers and floating IPs through the real `openstack` CLI against a running nubo:
// the default group and its four rules, rules with a duplicate refused (409), a router with a gateway on the
// external network and an interface on a project subnet, a floating IP allocated and associated with a port, and
// another project refused all of it; each asserted on what the CLI prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, asUser, type OpenstackAs } from './lib/openstack-as.js';

type Row = Record<string, unknown>;

/** A CLI cell that is a dict or list: JSON output gives the value itself, older formatters a Python-ish string. */
function structured<T>(value: unknown): T {
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value.replaceAll("'", '"').replaceAll('True', 'true').replaceAll('False', 'false')) as T;
}

describe('networking L3 through the openstack CLI', () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  let demo: OpenstackAs;
  let subnetId: string;
  let networkId: string;

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
    demo = asCloud(server, 'nubo-demo');
    const existing = await admin.json<Row[]>(['network', 'list', '--external']);
    if (!existing.some((n) => n.Name === 'public')) {
      await admin.ok(['network', 'create', '--external', 'public']);
      await admin.ok([
        ...['subnet', 'create', '--network', 'public', '--subnet-range', '203.0.113.0/24'],
        ...['--no-dhcp', 'public-subnet'],
      ]);
    }
    const network = await demo.json<Row>(['network', 'create', 'l3-net']);
    networkId = String(network.id);
    const subnet = await demo.json<Row>([
      ...['subnet', 'create', '--network', 'l3-net', '--subnet-range', '10.20.0.0/24', 'l3-subnet'],
    ]);
    subnetId = String(subnet.id);
  });
  after(async () => {
    await server?.stop();
  });

  it('gives a project its default security group with the four default rules', async () => {
    const groups = await demo.json<Row[]>(['security', 'group', 'list']);
    const defaults = groups.filter((g) => g.Name === 'default');
    assert.equal(defaults.length, 1, JSON.stringify(groups));
    const rules = await demo.json<Row[]>(['security', 'group', 'rule', 'list', String(defaults[0]!.ID), '--long']);
    const shapes = rules
      .map((r) => `${r.Direction} ${r.Ethertype} ${r['Remote Security Group'] === defaults[0]!.ID ? 'self' : 'any'}`)
      .sort();
    assert.deepEqual(shapes, ['egress IPv4 any', 'egress IPv6 any', 'ingress IPv4 self', 'ingress IPv6 self']);
  });

  it('creates a group and rules, refuses a duplicate rule with 409, lists and deletes them', async () => {
    const group = await demo.json<Row>(['security', 'group', 'create', '--description', 'web servers', 'web']);
    assert.equal(group.name, 'web');
    assert.equal(group.description, 'web servers');
    const ssh = await demo.json<Row>([
      ...['security', 'group', 'rule', 'create', '--ingress', '--protocol', 'tcp', '--dst-port', '22'],
      ...['--remote-ip', '192.0.2.0/24', 'web'],
    ]);
    assert.equal(ssh.protocol, 'tcp');
    assert.equal(ssh.port_range_min, 22);
    assert.equal(ssh.port_range_max, 22);
    assert.equal(ssh.remote_ip_prefix, '192.0.2.0/24');
    assert.equal(ssh.direction, 'ingress');
    const duplicate = await demo.run([
      ...['security', 'group', 'rule', 'create', '--ingress', '--protocol', '6', '--dst-port', '22:22'],
      ...['--remote-ip', '192.0.2.0/24', 'web'],
    ]);
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /409/);
    assert.match(duplicate.stderr, new RegExp(`Security group rule already exists. Rule id is ${ssh.id}`));
    // The CLI checks a range's order itself; which protocols take ports is the server's check.
    const badPorts = await demo.run([
      ...['security', 'group', 'rule', 'create', '--protocol', 'gre', '--dst-port', '22', 'web'],
    ]);
    assert.notEqual(badPorts.code, 0);
    assert.match(badPorts.stderr, /400/);
    assert.match(badPorts.stderr, /Ports cannot be specified for protocol 47/);

    const listed = await demo.json<Row[]>(['security', 'group', 'rule', 'list', 'web']);
    assert.equal(listed.length, 3, 'two default egress rules and ssh');
    assert.ok(listed.some((r) => r.ID === ssh.id));
    await demo.ok(['security', 'group', 'rule', 'delete', String(ssh.id)]);
    const after = await demo.json<Row[]>(['security', 'group', 'rule', 'list', 'web']);
    assert.deepEqual(after.map((r) => r.Direction).sort(), ['egress', 'egress']);
    await demo.ok(['security', 'group', 'delete', 'web']);
    const gone = await demo.run(['security', 'group', 'show', String(group.id)]);
    assert.notEqual(gone.code, 0);
  });

  it('routes a project subnet through a router with a gateway, then a floating IP to a port', async () => {
    const router = await demo.json<Row>(['router', 'create', 'l3-router']);
    assert.equal(router.status, 'ACTIVE');
    await demo.ok(['router', 'set', '--external-gateway', 'public', 'l3-router']);
    const withGateway = await demo.json<Row>(['router', 'show', 'l3-router']);
    const gateway = structured<{ network_id: string; enable_snat: boolean; external_fixed_ips: Row[] }>(
      withGateway.external_gateway_info,
    );
    const publicNet = await demo.json<Row>(['network', 'show', 'public']);
    assert.equal(gateway.network_id, publicNet.id);
    assert.equal(gateway.enable_snat, true);
    assert.match(String(gateway.external_fixed_ips[0]?.ip_address), /^203\.0\.113\.\d+$/);

    await demo.ok(['router', 'add', 'subnet', 'l3-router', 'l3-subnet']);
    const interfaces = await demo.json<Row[]>(['port', 'list', '--router', 'l3-router', '--long']);
    const owned = interfaces.filter((p) => p['Device Owner'] === 'network:router_interface');
    assert.equal(owned.length, 1, JSON.stringify(interfaces));
    assert.match(JSON.stringify(owned[0]!['Fixed IP Addresses']), /10\.20\.0\.1\b/);
    const again = await demo.run(['router', 'add', 'subnet', 'l3-router', 'l3-subnet']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /Router already has a port on subnet/);

    const port = await demo.json<Row>(['port', 'create', '--network', 'l3-net', 'vm-port']);
    const fixedIp = structured<Row[]>(port.fixed_ips)[0]!.ip_address;
    const fip = await demo.json<Row>(['floating', 'ip', 'create', 'public']);
    assert.match(String(fip.floating_ip_address), /^203\.0\.113\.\d+$/);
    assert.equal(fip.floating_network_id, publicNet.id);
    assert.equal(fip.port_id, null);
    assert.equal(fip.status, 'DOWN');
    await demo.ok(['floating', 'ip', 'set', '--port', 'vm-port', String(fip.id)]);
    const bound = await demo.json<Row>(['floating', 'ip', 'show', String(fip.id)]);
    assert.equal(bound.port_id, port.id);
    assert.equal(bound.fixed_ip_address, fixedIp);
    assert.equal(bound.router_id, router.id);

    const inUse = await demo.run(['router', 'remove', 'subnet', 'l3-router', 'l3-subnet']);
    assert.notEqual(inUse.code, 0);
    assert.match(inUse.stderr, /409/);
    assert.match(inUse.stderr, /required by one or more floating IPs/);
    const routerInUse = await demo.run(['router', 'delete', 'l3-router']);
    assert.notEqual(routerInUse.code, 0);

    await demo.ok(['floating', 'ip', 'unset', '--port', String(fip.id)]);
    const unbound = await demo.json<Row>(['floating', 'ip', 'show', String(fip.id)]);
    assert.equal(unbound.port_id, null);
    await demo.ok(['router', 'remove', 'subnet', 'l3-router', 'l3-subnet']);
    await demo.ok(['floating', 'ip', 'delete', String(fip.id)]);
    await demo.ok(['router', 'unset', '--external-gateway', 'l3-router']);
    await demo.ok(['router', 'delete', 'l3-router']);
  });

  it('refuses another project the groups, routers, floating IPs and ports of this one', async () => {
    await admin.ok(['project', 'create', '--domain', 'default', 'l3-other']);
    await admin.ok(['user', 'create', '--domain', 'default', '--password', 'pw-l3-other', 'l3-other']);
    await admin.ok(['role', 'add', '--user', 'l3-other', '--project', 'l3-other', 'member']);
    const other = asUser(server, { username: 'l3-other', password: 'pw-l3-other', projectName: 'l3-other' });

    const group = await demo.json<Row>(['security', 'group', 'create', 'private-group']);
    const router = await demo.json<Row>(['router', 'create', 'private-router']);
    await demo.ok(['router', 'set', '--external-gateway', 'public', 'private-router']);
    await demo.ok(['router', 'add', 'subnet', 'private-router', 'l3-subnet']);
    const port = await demo.json<Row>(['port', 'create', '--network', 'l3-net', 'private-port']);
    const theirFip = await other.json<Row>(['floating', 'ip', 'create', 'public']);

    for (const args of [
      ['security', 'group', 'show', String(group.id)],
      ['security', 'group', 'rule', 'create', '--protocol', 'tcp', String(group.id)],
      ['router', 'show', String(router.id)],
      ['router', 'add', 'subnet', String(router.id), subnetId],
      ['floating', 'ip', 'set', '--port', String(port.id), String(theirFip.id)],
    ]) {
      const refused = await other.run(args);
      assert.notEqual(refused.code, 0, `openstack ${args.join(' ')} should be refused`);
      assert.match(refused.stderr, /404|[Nn]o .* found|[Cc]ould not be found|does not exist/, refused.stderr);
    }
    const theirs = await other.json<Row[]>(['security', 'group', 'list']);
    assert.ok(!theirs.some((g) => g.ID === group.id));
    assert.equal(theirs.filter((g) => g.Name === 'default').length, 1, 'their own default group only');
    const ourFips = await demo.json<Row[]>(['floating', 'ip', 'list']);
    assert.ok(!ourFips.some((f) => f.ID === theirFip.id));
    assert.ok(networkId);
  });
});
