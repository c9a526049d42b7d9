// Nova's ServerGroupSoftAntiAffinityWeigher: for a `soft-anti-affinity` group, hosts with fewer of its members weigh
// more.
import type { HostWeigher } from './weigher.js';

/** Weighs by minus the number of soft-anti-affinity group members on the host. */
export const serverGroupSoftAntiAffinityWeigher: HostWeigher = {
  name: 'ServerGroupSoftAntiAffinityWeigher',
  multiplier: (m) => m.softAntiAffinity,
  weigh: (host, spec) => (spec.group?.policy === 'soft-anti-affinity' ? -(spec.group.memberHosts[host.host] ?? 0) : 0),
};
