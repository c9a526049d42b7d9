// The networking plug-in point, exercised the way the network agent will use it: a `vifs` hook puts a veth end into
// the instance's namespace, a dnsmasq in a namespace standing for the network (as Neutron's DHCP agent) leases it an
// address, the guest's init takes it by DHCP, and ssh with the injected key logs in over it. Nothing is made in the
// host's own network namespace; everything is removed after, even on failure.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { contractInstance } from '../driver.contract.js';
import type { VifPlugger } from './container-driver.js';
import { ContainerTestBed, containerSkipReason } from './test-support.js';

const skip =
  containerSkipReason() ?? (existsSync('/usr/sbin/dnsmasq') ? null : 'dnsmasq is not installed (dnsmasq-base)');
const bed = skip ? null : new ContainerTestBed();
const net = `nubo-t-net-${randomBytes(3).toString('hex')}`;
let dnsmasq: ChildProcess | undefined;

before(async () => {
  if (!bed) return;
  await bed.build();
  execFileSync('ip', ['netns', 'add', net]);
  execFileSync('ip', ['-n', net, 'link', 'set', 'lo', 'up']);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(bed.dir, 'key')]);
});
after(async () => {
  dnsmasq?.kill('SIGKILL');
  await bed?.cleanup();
  if (existsSync(`/run/netns/${net}`)) execFileSync('ip', ['netns', 'del', net]);
});

test('a plugged veth gets its address by DHCP at boot and ssh logs in with the key pair', {
  skip: skip ?? false,
  timeout: 60_000,
}, async () => {
  let n = 0;
  const vifs: VifPlugger = {
    async plug(_instance, netns) {
      const host = `tap-${++n}`;
      // Made in the network's namespace, its peer moved straight into the instance's as eth0.
      execFileSync('ip', ['-n', net, 'link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
      execFileSync('ip', ['-n', net, 'addr', 'add', '10.99.0.1/24', 'dev', host]);
      execFileSync('ip', ['-n', net, 'link', 'set', host, 'up']);
      dnsmasq = spawn(
        'ip',
        [
          'netns',
          'exec',
          net,
          'dnsmasq',
          '-k',
          '--port=0',
          '--no-resolv',
          '--no-hosts',
          `--interface=${host}`,
          '--bind-interfaces',
          '--dhcp-range=10.99.0.10,10.99.0.20,255.255.255.0,1h',
          `--dhcp-leasefile=${join(bed!.dir, 'leases')}`,
          `--pid-file=${join(bed!.dir, 'dnsmasq.pid')}`,
        ],
        { stdio: 'ignore' },
      );
      await new Promise((r) => setTimeout(r, 300));
      return {
        links: [{ id: 'eth0', type: 'veth' }],
        networks: [{ id: 'net0', type: 'ipv4_dhcp', link: 'eth0' }],
        services: [],
      };
    },
    async unplug() {},
  };
  const driver = bed!.driver('network', { vifs });
  await driver.initHost();
  const instance = contractInstance({
    image: { id: 'tiny', name: 'tiny', properties: {} },
    hostname: 'dhcp-1',
    keyData: readFileSync(join(bed!.dir, 'key.pub'), 'utf8'),
  });
  await driver.spawn(instance);
  try {
    const paths = driver.layout.instance(instance.uuid);
    const deadline = Date.now() + 20_000;
    while (!readFileSync(paths.console, 'utf8').includes('nubo-init: ready') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const console1 = readFileSync(paths.console, 'utf8');
    const ip = /dhcp: eth0: (10\.99\.0\.\d+)\/24/.exec(console1)?.[1];
    assert.ok(ip, `no DHCP lease in the console:\n${console1}`);
    assert.match(readFileSync(join(paths.configDrive, 'openstack/latest/network_data.json'), 'utf8'), /ipv4_dhcp/);
    const out = execFileSync(
      'ip',
      [
        'netns',
        'exec',
        net,
        'ssh',
        '-i',
        join(bed!.dir, 'key'),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'ConnectTimeout=5',
        '-o',
        'LogLevel=ERROR',
        `root@${ip}`,
        'hostname',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(out.trim(), 'dhcp-1');
  } finally {
    await driver.destroy(instance);
    assert.deepEqual(driver.leftovers(instance.uuid), []);
  }
});
