// What a flavor and an image ask of Placement (Nova's resources_from_flavor and required traits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourcesOfFlavor, traitsOfRequest } from './placement.js';

const flavor = { vcpus: 2, ram: 2048, disk: 20, ephemeral: 5, swap: 1536 };

test('a flavor asks for VCPU, MEMORY_MB and DISK_GB (root + ephemeral + swap rounded up to GiB)', () => {
  assert.deepEqual(resourcesOfFlavor(flavor), { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 27 });
});

test('zero amounts are left out (Placement refuses them), extra specs override or add classes', () => {
  assert.deepEqual(resourcesOfFlavor({ ...flavor, disk: 0, ephemeral: 0, swap: 0 }), { VCPU: 2, MEMORY_MB: 2048 });
  assert.deepEqual(
    resourcesOfFlavor({ ...flavor, extra_specs: { 'resources:VCPU': '0', 'resources:CUSTOM_GPU': '1', 'hw:x': 'y' } }),
    { MEMORY_MB: 2048, DISK_GB: 27, CUSTOM_GPU: 1 },
  );
});

test('trait:X=required|forbidden from flavor extra specs and image properties', () => {
  assert.deepEqual(
    traitsOfRequest(
      { 'trait:HW_CPU_X86_AVX2': 'required', 'trait:CUSTOM_B': 'forbidden', other: 'x' },
      { 'trait:COMPUTE_NODE': 'required' },
    ),
    { required: ['COMPUTE_NODE', 'HW_CPU_X86_AVX2'], forbidden: ['CUSTOM_B'] },
  );
});
