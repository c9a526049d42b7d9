// Host aggregates mirrored into Placement (Nova's API does this on aggregate add/remove host), so a request for a
// zone can ask for `member_of` the zone's aggregates. Written only when they differ from what was last written.
import type { ConductorContext } from './context.js';
import type { Topology } from './host-snapshot.js';

/**
 * The `member_of` group for a zone: the uuids of aggregates in that zone, after making sure Placement knows every
 * provider's aggregates. Undefined when the zone has no aggregate (the default zone) or the mirror could not be
 * written — the AvailabilityZoneFilter still decides then.
 */
export async function memberOfZone(
  c: ConductorContext,
  topology: Topology,
  zone: string,
): Promise<string[] | undefined> {
  const zoned = topology.aggregates.filter((a) => (a.availabilityZone ?? a.metadata.availability_zone) === zone);
  if (zoned.length === 0) return undefined;
  try {
    for (const node of topology.nodesByUuid.values()) {
      const wanted = (topology.aggregatesByHost.get(node.host) ?? []).map((a) => a.uuid).sort();
      const key = wanted.join(',');
      if (c.syncedAggregates.get(node.uuid) === key) continue;
      await c.placement.setProviderAggregates(node.uuid, wanted);
      c.syncedAggregates.set(node.uuid, key);
    }
  } catch (err) {
    c.ctx.log.warn(
      { err: String(err) },
      'mirroring host aggregates into placement failed; scheduling without member_of',
    );
    return undefined;
  }
  return zoned.map((a) => a.uuid);
}
