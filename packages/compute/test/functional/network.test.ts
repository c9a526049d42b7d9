// Servers and their ports through the whole engine: the agent makes and binds the ports a server asked for before it
// spawns, the driver is told about them, a failed allocation is an ERROR without reschedule, and delete removes the
// ports Compute made while keeping (unbound) the ones the user gave.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AllocationTarget, NetworkApi, RequestedNetwork, Vif } from '../../src/network.js';
import { type EngineHarness, startEngine } from './harness.js';

interface FakePort {
  id: string;
  networkId: string;
  deviceId: string;
  host: string;
  mac: string;
  ip: string;
}

/** Networking in memory: one network `net-a` (10.0.0.0/24); ports numbered in order. */
class MemoryNetwork implements NetworkApi {
  readonly ports = new Map<string, FakePort>();
  failNext = false;
  private next = 1;

  async available(): Promise<boolean> {
    return true;
  }

  async resolve(): Promise<RequestedNetwork[]> {
    throw new Error('the engine never resolves');
  }

  /** A port the user made beforehand (unbound). */
  userPort(): string {
    const port = this.makePort('net-a', '', '');
    return port.id;
  }

  private makePort(networkId: string, deviceId: string, host: string): FakePort {
    const n = this.next++;
    const port = {
      id: `port-${n}`,
      networkId,
      deviceId,
      host,
      mac: `fa:16:3e:00:00:${n.toString(16).padStart(2, '0')}`,
      ip: `10.0.0.${n + 10}`,
    };
    this.ports.set(port.id, port);
    return port;
  }

  private vifs(instanceId: string, preserved: Set<string>): Vif[] {
    return [...this.ports.values()]
      .filter((p) => p.deviceId === instanceId)
      .map((p) => ({
        portId: p.id,
        networkId: p.networkId,
        networkName: 'private',
        mac: p.mac,
        mtu: 1500,
        fixedIps: [{ address: p.ip, subnetId: 'subnet-a', version: 4 as const }],
        floatingIps: [],
        subnets: [
          {
            id: 'subnet-a',
            cidr: '10.0.0.0/24',
            ipVersion: 4,
            gatewayIp: '10.0.0.1',
            dnsNameservers: [],
            enableDhcp: true,
          },
        ],
        preserveOnDelete: preserved.has(p.id),
      }));
  }

  async allocate(target: AllocationTarget, requested: RequestedNetwork[]): Promise<Vif[]> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('No more IP addresses available on network net-a.');
    }
    const preserved = new Set<string>();
    for (const r of requested) {
      if (r.portId) {
        const port = this.ports.get(r.portId);
        if (!port) throw new Error(`Port ${r.portId} could not be found.`);
        port.deviceId = target.instanceId;
        port.host = target.host;
        preserved.add(port.id);
      } else if (r.networkId) {
        this.makePort(r.networkId, target.instanceId, target.host);
      }
    }
    return this.vifs(target.instanceId, preserved);
  }

  async refresh(instanceId: string, known: Vif[]): Promise<Vif[]> {
    return this.vifs(instanceId, new Set(known.filter((v) => v.preserveOnDelete).map((v) => v.portId)));
  }

  async deallocate(instanceId: string, known: Vif[]): Promise<void> {
    const preserved = new Set(known.filter((v) => v.preserveOnDelete).map((v) => v.portId));
    for (const port of [...this.ports.values()]) {
      if (port.deviceId !== instanceId) continue;
      if (preserved.has(port.id)) {
        port.deviceId = '';
        port.host = '';
      } else {
        this.ports.delete(port.id);
      }
    }
  }
}

describe('engine attaches servers to networks', () => {
  const network = new MemoryNetwork();
  let h: EngineHarness;
  before(async () => {
    h = await startEngine({ network });
  });
  after(() => h.close());

  test('a server gets a bound port on its host before it spawns, kept as its network info', async () => {
    const server = await h.createServer({ requestedNetworks: [{ networkId: 'net-a' }] });
    const row = await h.waitFor(server.id, ['active']);
    const ports = [...network.ports.values()].filter((p) => p.deviceId === server.id);
    assert.equal(ports.length, 1);
    assert.equal(ports[0]!.host, row.host);
    const spec = JSON.parse(row.request_spec) as { network_info: Vif[] };
    assert.deepEqual(
      spec.network_info.map((v) => [v.portId, v.networkName, v.fixedIps[0]!.address]),
      [[ports[0]!.id, 'private', ports[0]!.ip]],
    );
  });

  test('delete removes the ports Compute made and unbinds the one the user gave', async () => {
    const given = network.userPort();
    const server = await h.createServer({ requestedNetworks: [{ portId: given }, { networkId: 'net-a' }] });
    await h.waitFor(server.id, ['active']);
    const bound = [...network.ports.values()].filter((p) => p.deviceId === server.id).map((p) => p.id);
    assert.equal(bound.length, 2);
    assert.ok(bound.includes(given));
    await h.act(server.id, 'delete');
    const deadline = Date.now() + 5000;
    while ((await h.instance(server.id))?.deleted !== 1) {
      assert.ok(Date.now() < deadline, 'not deleted in time');
      await new Promise((r) => setTimeout(r, 10));
    }
    const made = bound.find((id) => id !== given)!;
    assert.equal(network.ports.has(made), false, 'the port Compute made is deleted');
    assert.deepEqual(network.ports.get(given), { ...network.ports.get(given)!, deviceId: '', host: '' });
  });

  test('a failed allocation puts the server in ERROR with the reason, without reschedule', async () => {
    network.failNext = true;
    const server = await h.createServer({ requestedNetworks: [{ networkId: 'net-a' }] });
    const row = await h.waitFor(server.id, ['error']);
    const fault = JSON.parse(row.fault!) as { message: string };
    assert.match(fault.message, /Failed to allocate the network\(s\), not rescheduling\..*No more IP addresses/);
    assert.equal(row.host, null);
    assert.equal([...network.ports.values()].filter((p) => p.deviceId === server.id).length, 0);
  });
});
