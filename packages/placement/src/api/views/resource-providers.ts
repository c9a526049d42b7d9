// A resource provider as Placement shows it: links grow with the microversion, tree members appear at 1.14.
import type { Microversion } from '@nubo/core';
import type { PlacementContext } from '../../context.js';
import type { ResourceProviderRow } from '../../db/tables.js';
import { apiPath } from '../common.js';

/** The `self` link and the links to the provider's sub-resources that exist at `version`. */
export function providerLinks(ctx: PlacementContext, uuid: string, version: Microversion): Record<string, string>[] {
  const self = apiPath(ctx, `/resource_providers/${uuid}`);
  const rels = ['inventories', 'usages'];
  if (version.atLeast('1.1')) rels.push('aggregates');
  if (version.atLeast('1.6')) rels.push('traits');
  if (version.atLeast('1.11')) rels.push('allocations');
  return [{ rel: 'self', href: self }, ...rels.map((rel) => ({ rel, href: `${self}/${rel}` }))];
}

/** One provider as shown, listed, created (1.20) and updated. */
export function providerView(
  ctx: PlacementContext,
  row: ResourceProviderRow,
  version: Microversion,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    uuid: row.uuid,
    name: row.name,
    generation: row.generation,
    links: providerLinks(ctx, row.uuid, version),
  };
  if (version.atLeast('1.14')) {
    view.parent_provider_uuid = row.parent_provider_uuid;
    view.root_provider_uuid = row.root_provider_uuid;
  }
  return view;
}
