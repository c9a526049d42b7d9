// Nova's AggregateInstanceExtraSpecsFilter: flavor extra specs scoped `aggregate_instance_extra_specs:` (or not
// scoped at all) must match a value of the same key in the host's aggregates' metadata.
import { matchExtraSpec } from '../extra-specs-ops.js';
import { aggregateMetadataOf } from '../host-state.js';
import type { HostFilter } from './filter.js';

const SCOPE = 'aggregate_instance_extra_specs';

/** Passes hosts whose aggregates' metadata satisfy the flavor's aggregate extra specs. */
export const aggregateInstanceExtraSpecsFilter: HostFilter = {
  name: 'AggregateInstanceExtraSpecsFilter',
  hostPasses(host, spec) {
    const entries = Object.entries(spec.flavor.extra_specs);
    if (entries.length === 0) return true;
    const metadata = aggregateMetadataOf(host);
    for (const [fullKey, req] of entries) {
      const colon = fullKey.indexOf(':');
      // Keys in another scope (hw:, trait:, resources:, quota: …) belong to other filters.
      if (colon >= 0 && fullKey.slice(0, colon) !== SCOPE) continue;
      const key = colon >= 0 ? fullKey.slice(colon + 1) : fullKey;
      const values = metadata.get(key);
      if (!values || values.size === 0) return false;
      if (![...values].some((value) => matchExtraSpec(value, req))) return false;
    }
    return true;
  },
};
