// The scheduler as a function: filters narrow, weighers order (spread by default, stack with negative multipliers),
// forced hosts skip filters, and an empty plan means no valid host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize, schedule } from './schedule.js';
import { testHost, testSpec } from './test-hosts.js';

const loaded = (name: string, ramUsed: number, vcpuUsed = 0) =>
  testHost(name, { used: { VCPU: vcpuUsed, MEMORY_MB: ramUsed, DISK_GB: 0 } });

test('normalize maps onto 0..1 and equal weights to 0', () => {
  assert.deepEqual(normalize([2, 4, 6]), [0, 0.5, 1]);
  assert.deepEqual(normalize([3, 3]), [0, 0]);
  assert.deepEqual(normalize([]), []);
});

test('spreads by default: the emptiest host first', () => {
  const plan = schedule({ hosts: [loaded('a', 8192), loaded('b', 0), loaded('c', 4096)] }, testSpec());
  assert.deepEqual(
    plan.hosts.map((h) => h.host.host),
    ['b', 'c', 'a'],
  );
});

test('stacks when the multipliers are negative', () => {
  const plan = schedule({ hosts: [loaded('a', 8192, 4), loaded('b', 0), loaded('c', 4096, 2)] }, testSpec(), {
    multipliers: { ram: -1, cpu: -1, disk: 0 },
  });
  assert.deepEqual(
    plan.hosts.map((h) => h.host.host),
    ['a', 'c', 'b'],
  );
});

test('host_subset_size: the first host is picked among that many best, the rest keep their order', () => {
  const hosts = [loaded('a', 8192), loaded('b', 0), loaded('c', 4096), loaded('d', 2048)];
  const names = (random: number, hostSubsetSize?: number) =>
    schedule({ hosts }, testSpec(), { hostSubsetSize, random: () => random }).hosts.map((h) => h.host.host);
  assert.deepEqual(names(0.9), ['b', 'd', 'c', 'a'], 'default 1: always the best');
  assert.deepEqual(names(0, 3), ['b', 'd', 'c', 'a']);
  assert.deepEqual(names(0.5, 3), ['d', 'b', 'c', 'a']);
  assert.deepEqual(names(0.99, 3), ['c', 'b', 'd', 'a']);
  assert.deepEqual(names(0.99, 10), ['a', 'b', 'd', 'c'], 'a subset larger than the hosts takes them all');
});

test('filters reject hosts and say which filter did', () => {
  const plan = schedule({ hosts: [testHost('a', { serviceDisabled: true }), testHost('b')] }, testSpec());
  assert.deepEqual(
    plan.hosts.map((h) => h.host.host),
    ['b'],
  );
  assert.deepEqual(plan.rejected, [{ filter: 'ComputeFilter', hosts: ['a'] }]);
});

test('no host passing is an empty plan (no valid host)', () => {
  const plan = schedule({ hosts: [testHost('a', { serviceUp: false })] }, testSpec());
  assert.equal(plan.hosts.length, 0);
  assert.equal(schedule({ hosts: [] }, testSpec()).hosts.length, 0);
});

test('a forced host skips the filters; a requested host does not', () => {
  const hosts = [testHost('a', { serviceDisabled: true }), testHost('b')];
  assert.deepEqual(
    schedule({ hosts }, testSpec({ forcedHost: 'a' })).hosts.map((h) => h.host.host),
    ['a'],
  );
  assert.equal(schedule({ hosts }, testSpec({ requestedHost: 'a' })).hosts.length, 0);
  assert.deepEqual(
    schedule({ hosts }, testSpec({ requestedNode: 'b' })).hosts.map((h) => h.host.host),
    ['b'],
  );
});

test('ignored hosts (a migration source) are never picked', () => {
  const plan = schedule({ hosts: [loaded('a', 0), loaded('b', 8000)] }, testSpec({ ignoreHosts: ['a'] }));
  assert.deepEqual(
    plan.hosts.map((h) => h.host.host),
    ['b'],
  );
});

test('soft anti-affinity prefers hosts without members, soft affinity hosts with them', () => {
  const hosts = [loaded('a', 0), loaded('b', 0)];
  const group = (policy: string) => ({ id: 'g', policy, rules: {}, memberHosts: { a: 2 } });
  assert.equal(schedule({ hosts }, testSpec({ group: group('soft-anti-affinity') })).hosts[0]!.host.host, 'b');
  assert.equal(schedule({ hosts }, testSpec({ group: group('soft-affinity') })).hosts[0]!.host.host, 'a');
});
