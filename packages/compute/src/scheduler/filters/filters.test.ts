// Each filter on its own, over hand-made hosts (Nova's tests/unit/scheduler/filters/test_*_filters.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testHost, testSpec } from '../test-hosts.js';
import { aggregateInstanceExtraSpecsFilter } from './aggregate-instance-extra-specs-filter.js';
import { availabilityZoneFilter } from './availability-zone-filter.js';
import { computeFilter } from './compute-filter.js';
import { imagePropertiesFilter } from './image-properties-filter.js';
import { serverGroupAffinityFilter } from './server-group-affinity-filter.js';
import { serverGroupAntiAffinityFilter } from './server-group-anti-affinity-filter.js';

const aggregate = (availabilityZone: string | null, metadata: Record<string, string> = {}) => ({
  id: 1,
  uuid: 'agg-1',
  name: 'agg',
  availabilityZone,
  metadata,
});

test('ComputeFilter passes enabled hosts that are up', () => {
  assert.equal(computeFilter.hostPasses(testHost('a'), testSpec()), true);
  assert.equal(computeFilter.hostPasses(testHost('a', { serviceDisabled: true }), testSpec()), false);
  assert.equal(computeFilter.hostPasses(testHost('a', { serviceUp: false }), testSpec()), false);
});

test('AvailabilityZoneFilter: aggregate zone, else the default zone', () => {
  const zoned = testHost('a', { aggregates: [aggregate('az1')] });
  const plain = testHost('b');
  assert.equal(availabilityZoneFilter.hostPasses(zoned, testSpec({ availabilityZone: 'az1' })), true);
  assert.equal(availabilityZoneFilter.hostPasses(zoned, testSpec({ availabilityZone: 'nova' })), false);
  assert.equal(availabilityZoneFilter.hostPasses(plain, testSpec({ availabilityZone: 'nova' })), true);
  assert.equal(availabilityZoneFilter.hostPasses(plain, testSpec({ availabilityZone: 'az1' })), false);
  assert.equal(availabilityZoneFilter.hostPasses(zoned, testSpec()), true);
  const byMetadata = testHost('c', { aggregates: [aggregate(null, { availability_zone: 'az2' })] });
  assert.equal(availabilityZoneFilter.hostPasses(byMetadata, testSpec({ availabilityZone: 'az2' })), true);
});

test('AggregateInstanceExtraSpecsFilter matches scoped and unscoped keys, ignores other scopes', () => {
  const ssd = testHost('a', { aggregates: [aggregate(null, { ssd: 'true', cpus: '16' })] });
  const plain = testHost('b');
  const spec = (extra_specs: Record<string, string>) =>
    testSpec({ flavor: { vcpus: 1, ram: 512, disk: 1, extra_specs } });
  assert.equal(
    aggregateInstanceExtraSpecsFilter.hostPasses(ssd, spec({ 'aggregate_instance_extra_specs:ssd': 'true' })),
    true,
  );
  assert.equal(
    aggregateInstanceExtraSpecsFilter.hostPasses(plain, spec({ 'aggregate_instance_extra_specs:ssd': 'true' })),
    false,
  );
  assert.equal(aggregateInstanceExtraSpecsFilter.hostPasses(ssd, spec({ cpus: '>= 8' })), true);
  assert.equal(aggregateInstanceExtraSpecsFilter.hostPasses(ssd, spec({ cpus: '>= 32' })), false);
  assert.equal(
    aggregateInstanceExtraSpecsFilter.hostPasses(plain, spec({ 'hw:cpu_policy': 'dedicated', 'trait:X': 'required' })),
    true,
  );
});

test('ImagePropertiesFilter compares architecture, hypervisor type and vm mode', () => {
  const host = testHost('a');
  const spec = (imageProperties: Record<string, unknown>) => testSpec({ imageProperties });
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({})), true);
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({ hw_architecture: 'x86_64' })), true);
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({ architecture: 'amd64', hypervisor_type: 'FAKE' })), true);
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({ hw_architecture: 'aarch64' })), false);
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({ img_hv_type: 'qemu' })), false);
  assert.equal(imagePropertiesFilter.hostPasses(host, spec({ hw_vm_mode: 'hvm' })), true);
  assert.equal(
    imagePropertiesFilter.hostPasses(testHost('b', { supportedInstances: [] }), spec({ hw_vm_mode: 'hvm' })),
    false,
  );
});

test('ServerGroupAffinityFilter keeps members together once one has landed', () => {
  const group = (memberHosts: Record<string, number>) => ({ id: 'g', policy: 'affinity', rules: {}, memberHosts });
  assert.equal(serverGroupAffinityFilter.hostPasses(testHost('a'), testSpec({ group: group({}) })), true);
  assert.equal(serverGroupAffinityFilter.hostPasses(testHost('a'), testSpec({ group: group({ a: 1 }) })), true);
  assert.equal(serverGroupAffinityFilter.hostPasses(testHost('b'), testSpec({ group: group({ a: 1 }) })), false);
});

test('ServerGroupAntiAffinityFilter keeps members apart, up to max_server_per_host', () => {
  const group = (memberHosts: Record<string, number>, rules = {}) => ({
    id: 'g',
    policy: 'anti-affinity',
    rules,
    memberHosts,
  });
  assert.equal(serverGroupAntiAffinityFilter.hostPasses(testHost('a'), testSpec({ group: group({ a: 1 }) })), false);
  assert.equal(serverGroupAntiAffinityFilter.hostPasses(testHost('b'), testSpec({ group: group({ a: 1 }) })), true);
  const two = group({ a: 1 }, { max_server_per_host: 2 });
  assert.equal(serverGroupAntiAffinityFilter.hostPasses(testHost('a'), testSpec({ group: two })), true);
  assert.equal(
    serverGroupAntiAffinityFilter.hostPasses(testHost('a'), testSpec({ group: { ...two, memberHosts: { a: 2 } } })),
    false,
  );
  const affinity = { id: 'g', policy: 'affinity', rules: {}, memberHosts: { a: 1 } };
  assert.equal(serverGroupAntiAffinityFilter.hostPasses(testHost('a'), testSpec({ group: affinity })), true);
});
