// Nova's AvailabilityZoneFilter: a host is in the zones of its aggregates, or in the default zone when none of its
// aggregates has one.
import { aggregateMetadataOf } from '../host-state.js';
import type { HostFilter } from './filter.js';

/** Passes hosts in the requested zone (all hosts when none is requested). */
export const availabilityZoneFilter: HostFilter = {
  name: 'AvailabilityZoneFilter',
  hostPasses(host, spec) {
    if (!spec.availabilityZone) return true;
    const zones = aggregateMetadataOf(host).get('availability_zone');
    if (zones && zones.size > 0) return zones.has(spec.availabilityZone);
    return spec.availabilityZone === spec.defaultAvailabilityZone;
  },
};
