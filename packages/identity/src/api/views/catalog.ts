// Regions, services and endpoints as Keystone shows them: the extra attributes first, the columns over them.
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import type { EndpointRow, RegionRow, ServiceRow } from '../../db/tables.js';
import { selfLink } from '../common.js';

/** A region with its extra attributes; a missing description shows as '' as in Keystone. */
export function regionView(ctx: IdentityContext, row: RegionRow): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    description: row.description,
    parent_region_id: row.parent_region_id,
    links: selfLink(ctx, `regions/${row.id}`),
  };
}

/** name and description live in the extra attributes, so they appear exactly when they were set. */
export function serviceView(ctx: IdentityContext, row: ServiceRow): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    type: row.type,
    enabled: fromDbBool(row.enabled),
    links: selfLink(ctx, `services/${row.id}`),
  };
}

/** Both `region_id` and its pre-v3.2 name `region`, as Keystone's _filter_endpoint adds. */
export function endpointView(ctx: IdentityContext, row: EndpointRow): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    interface: row.interface,
    region_id: row.region_id,
    region: row.region_id,
    service_id: row.service_id,
    url: row.url,
    enabled: fromDbBool(row.enabled),
    links: selfLink(ctx, `endpoints/${row.id}`),
  };
}
