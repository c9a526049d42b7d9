// The `compute` section of nubo.yaml.
import { type Static, Type } from 'typebox';

export const computeSection = Type.Object({
  driver: Type.Union([Type.Literal('fake'), Type.Literal('container'), Type.Literal('auto')], {
    default: 'fake',
    description:
      'Compute driver of the hosts run in this process: fake (in memory), container (crun; needs root) or auto (container where the host can run it, else fake with a warning).',
  }),
  containerStockImages: Type.Array(Type.Union([Type.Literal('tiny'), Type.Literal('debian-12')]), {
    default: ['tiny', 'debian-12'],
    description:
      'Container driver: stock images `nubo up` builds (cached in <data dir>/images) and uploads in the background; [] for none.',
  }),
  containerStateDir: Type.String({
    default: '',
    description:
      'Container driver: where image caches, instances and crun state live (default /var/lib/nubo/containers).',
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
  maxAttempts: Type.Integer({
    default: 3,
    minimum: 1,
    description:
      "Nova's [scheduler] max_attempts: hosts a build is tried on before ERROR (a failed spawn is rescheduled; 1: never).",
  }),
  hostSubsetSize: Type.Integer({
    default: 1,
    minimum: 1,
    description: "Nova's [filter_scheduler] host_subset_size: the first host is picked at random among this many best.",
  }),
  maxConcurrentBuilds: Type.Integer({
    default: 10,
    minimum: 1,
    description: "Nova's [DEFAULT] max_concurrent_builds: tasks each host's agent runs at once.",
  }),
  ramWeightMultiplier: Type.Number({
    default: 1,
    description: 'RAMWeigher multiplier: positive spreads servers over hosts, negative stacks them.',
  }),
  cpuWeightMultiplier: Type.Number({ default: 1, description: 'CPUWeigher multiplier (as the RAM one).' }),
  diskWeightMultiplier: Type.Number({ default: 1, description: 'DiskWeigher multiplier (as the RAM one).' }),
  softAffinityWeightMultiplier: Type.Number({
    default: 1,
    minimum: 0,
    description: 'ServerGroupSoftAffinityWeigher multiplier (soft-affinity groups).',
  }),
  softAntiAffinityWeightMultiplier: Type.Number({
    default: 1,
    minimum: 0,
    description: 'ServerGroupSoftAntiAffinityWeigher multiplier (soft-anti-affinity groups).',
  }),
  quotaInstances: Type.Integer({ default: 10, description: 'Default quota: servers per project (-1 unlimited).' }),
  quotaCores: Type.Integer({ default: 20, description: 'Default quota: vCPUs per project.' }),
  quotaRam: Type.Integer({ default: 51200, description: 'Default quota: RAM (MiB) per project.' }),
  quotaKeyPairs: Type.Integer({ default: 100, description: 'Default quota: key pairs per user.' }),
  quotaServerGroups: Type.Integer({ default: 10, description: 'Default quota: server groups per project.' }),
  quotaServerGroupMembers: Type.Integer({ default: 10, description: 'Default quota: servers per server group.' }),
  quotaMetadataItems: Type.Integer({ default: 128, description: 'Default quota: metadata items per server.' }),
});

export type ComputeConfig = Static<typeof computeSection>;
