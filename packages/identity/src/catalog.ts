// The service catalog in a token: every enabled service with its enabled endpoints.

import { fromDbBool, fromDbJson } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { listEndpoints, listServices } from './db/catalog.js';

export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: { id: string; interface: string; region: string | null; region_id: string | null; url: string }[];
}

const cache = new WeakMap<IdentityContext, { revision: number; catalog: CatalogEntry[] }>();

export async function serviceCatalog(ctx: IdentityContext): Promise<CatalogEntry[]> {
  const hit = cache.get(ctx);
  if (hit && hit.revision === ctx.changes.value) return hit.catalog;
  const revision = ctx.changes.value;
  const [services, endpoints] = await Promise.all([listServices(ctx.db), listEndpoints(ctx.db)]);
  const catalog = services
    .filter((s) => fromDbBool(s.enabled))
    .map((s) => ({
      id: s.id,
      type: s.type,
      name: String(fromDbJson<Record<string, unknown>>(s.extra, {}).name ?? ''),
      endpoints: endpoints
        .filter((e) => e.service_id === s.id && fromDbBool(e.enabled))
        .map((e) => ({ id: e.id, interface: e.interface, region: e.region_id, region_id: e.region_id, url: e.url })),
    }));
  cache.set(ctx, { revision, catalog });
  return catalog;
}
