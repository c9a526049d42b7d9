// Nova's ServerGroupAffinityFilter: a member of an `affinity` group goes where the group's other members are.
import type { HostFilter } from './filter.js';

/** Passes, for an affinity group, only the hosts its members already run on. */
export const serverGroupAffinityFilter: HostFilter = {
  name: 'ServerGroupAffinityFilter',
  hostPasses(host, spec) {
    if (spec.group?.policy !== 'affinity') return true;
    const hosts = Object.keys(spec.group.memberHosts);
    return hosts.length === 0 || hosts.includes(host.host);
  },
};
