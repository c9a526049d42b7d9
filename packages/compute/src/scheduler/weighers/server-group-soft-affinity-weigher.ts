// Nova's ServerGroupSoftAffinityWeigher: for a `soft-affinity` group, hosts with more of its members weigh more.
import type { HostWeigher } from './weigher.js';

/** Weighs by the number of soft-affinity group members on the host. */
export const serverGroupSoftAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAffinityWeigher',
  multiplier: (m) => m.softAffinity,
  weigh: (host, spec) => (spec.group?.policy === 'soft-affinity' ? (spec.group.memberHosts[host.host] ?? 0) : 0),
};
