// Nova's ServerGroupAntiAffinityFilter: a member of an `anti-affinity` group avoids hosts that already run
// `max_server_per_host` (rules, 2.64; default 1) of the group's members.
import type { HostFilter } from './filter.js';

/** Passes, for an anti-affinity group, only hosts below max_server_per_host of its members. */
export const serverGroupAntiAffinityFilter: HostFilter = {
  name: 'ServerGroupAntiAffinityFilter',
  hostPasses(host, spec) {
    if (spec.group?.policy !== 'anti-affinity') return true;
    const max = Number(spec.group.rules.max_server_per_host ?? 1);
    return (spec.group.memberHosts[host.host] ?? 0) < (Number.isFinite(max) && max > 0 ? max : 1);
  },
};
