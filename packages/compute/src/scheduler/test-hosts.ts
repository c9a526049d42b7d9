// Builders of hosts and requests for the scheduler's tests.
import type { HostState, SchedulingSpec } from './host-state.js';

/** A free, up, enabled 8 vCPU / 16 GiB / 200 GiB fake host named `name`. */
export function testHost(name: string, overrides: Partial<HostState> = {}): HostState {
  return {
    host: name,
    nodename: name,
    nodeUuid: `uuid-${name}`,
    hypervisorType: 'fake',
    supportedInstances: [['x86_64', 'fake', 'hvm']],
    serviceDisabled: false,
    serviceUp: true,
    aggregates: [],
    capacity: { VCPU: 32, MEMORY_MB: 16384, DISK_GB: 200 },
    used: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 },
    traits: [],
    allocations: { [`uuid-${name}`]: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } },
    ...overrides,
  };
}

/** A plain m1.tiny request with no zone, group or image properties. */
export function testSpec(overrides: Partial<SchedulingSpec> = {}): SchedulingSpec {
  return {
    instanceId: 'instance-1',
    projectId: 'project-1',
    flavor: { vcpus: 1, ram: 512, disk: 1, extra_specs: {} },
    imageProperties: {},
    availabilityZone: null,
    defaultAvailabilityZone: 'nova',
    group: null,
    forcedHost: null,
    forcedNode: null,
    requestedHost: null,
    requestedNode: null,
    ignoreHosts: [],
    ...overrides,
  };
}
