// The `compute` section of nubo.yaml.
import { type Static, Type } from 'typebox';

export const computeSection = Type.Object({
  driver: Type.Union([Type.Literal('fake')], {
    default: 'fake',
    description: 'Compute driver of the hosts run in this process (container and qemu come later).',
  }),
  hostCount: Type.Integer({ default: 1, minimum: 0, description: 'Compute hosts (agents) run in this process.' }),
  hostPrefix: Type.String({ default: 'compute', description: 'Host names are <prefix>1, <prefix>2, …' }),
  hostVcpus: Type.Integer({ default: 8, minimum: 1, description: 'vCPUs each fake host reports.' }),
  hostMemoryMb: Type.Integer({ default: 16384, minimum: 128, description: 'RAM (MiB) each fake host reports.' }),
  hostDiskGb: Type.Integer({ default: 200, minimum: 1, description: 'Disk (GiB) each fake host reports.' }),
  cpuAllocationRatio: Type.Number({ default: 4, minimum: 0.1, description: 'Placement VCPU allocation ratio.' }),
  ramAllocationRatio: Type.Number({ default: 1, minimum: 0.1, description: 'Placement MEMORY_MB allocation ratio.' }),
  diskAllocationRatio: Type.Number({ default: 1, minimum: 0.1, description: 'Placement DISK_GB allocation ratio.' }),
  defaultAvailabilityZone: Type.String({ default: 'nova', description: 'Zone of hosts in no zoned aggregate.' }),
  fakeSpawnDelayMs: Type.Integer({ default: 0, minimum: 0, description: 'Fake driver: time a spawn takes.' }),
  quotaInstances: Type.Integer({ default: 10, description: 'Default quota: servers per project (-1 unlimited).' }),
  quotaCores: Type.Integer({ default: 20, description: 'Default quota: vCPUs per project.' }),
  quotaRam: Type.Integer({ default: 51200, description: 'Default quota: RAM (MiB) per project.' }),
  quotaKeyPairs: Type.Integer({ default: 100, description: 'Default quota: key pairs per user.' }),
  quotaServerGroups: Type.Integer({ default: 10, description: 'Default quota: server groups per project.' }),
  quotaServerGroupMembers: Type.Integer({ default: 10, description: 'Default quota: servers per server group.' }),
  quotaMetadataItems: Type.Integer({ default: 128, description: 'Default quota: metadata items per server.' }),
});

export type ComputeConfig = Static<typeof computeSection>;
