// Catalog endpoints: one URL of a service, for one interface (public, internal, admin), in an optional region.
import { BadRequest, fromDbJson, NotFound, newHexId, toDbBool, toDbJson } from '@nubo/core';
import type { IdentityContext } from './context.js';
import * as q from './db/catalog.js';
import type { EndpointRow, IdentityDb, RegionRow } from './db/tables.js';

/** The attributes of an endpoint create or update body. */
export interface EndpointInput {
  id?: string;
  interface?: string;
  url?: string;
  service_id?: string;
  region_id?: string | null;
  /** The pre-v3.2 name of region_id. */
  region?: string | null;
  enabled?: boolean;
  /** name, description and any other attribute, kept as Keystone keeps them. */
  extra: Record<string, unknown>;
}

/** The endpoint, or a 404 `Could not find endpoint: <id>.` */
export async function getEndpoint(ctx: IdentityContext, id: string): Promise<EndpointRow> {
  const row = await q.findEndpoint(ctx.db, id);
  if (!row) throw new NotFound(`Could not find endpoint: ${id}.`);
  return row;
}

/** Keystone's ValidationError for a reference to a row that does not exist. */
const missing = (attribute: string, target: string) =>
  new BadRequest(
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either ` +
      'malformed or otherwise incorrect. The client is assumed to be in error.',
  );

/** The substitutions Keystone allows in an endpoint URL (`$(project_id)s` …), from keystone/common/utils.py. */
const URL_SUBSTITUTIONS = new Set(['tenant_id', 'project_id', 'user_id', 'compute_host', 'public_endpoint']);

/** Refuses `$(name)s` substitutions Keystone would fail to fill in a catalog (URLValidationError). */
function assertUrlSubstitutions(url: string): void {
  let at = url.indexOf('$(');
  while (at !== -1) {
    const close = url.indexOf(')', at);
    const key = close === -1 ? undefined : url.slice(at + 2, close);
    if (key === undefined || !URL_SUBSTITUTIONS.has(key) || url[close + 1] !== 's') {
      throw new BadRequest(`Cannot create an endpoint with an invalid URL: ${url}.`);
    }
    at = url.indexOf('$(', close);
  }
}

/**
 * The region an endpoint lands in. `region_id` must name an existing region (else 400); the deprecated `region`
 * alone names one that is created when missing, for clients still speaking v2-style (keystone/api/endpoints.py).
 */
async function resolveRegion(
  ctx: IdentityContext,
  input: EndpointInput,
): Promise<{ regionId?: string | null; create?: RegionRow }> {
  if (
    (input.region_id === undefined || input.region_id === null) &&
    input.region !== undefined &&
    input.region !== null
  ) {
    const existing = await q.findRegion(ctx.db, input.region);
    return {
      regionId: input.region,
      create: existing ? undefined : { id: input.region, description: '', parent_region_id: null, extra: '{}' },
    };
  }
  if (input.region_id !== undefined && input.region_id !== null && !(await q.findRegion(ctx.db, input.region_id))) {
    throw missing('endpoint region_id', 'region table');
  }
  return { regionId: input.region_id };
}

async function assertServiceExists(ctx: IdentityContext, serviceId: string): Promise<void> {
  if (!(await q.findService(ctx.db, serviceId))) throw missing('endpoint service_id', 'service table');
}

/** Creates an endpoint; a missing service or region_id is a 400 and nothing is written. */
export async function createEndpoint(ctx: IdentityContext, input: EndpointInput): Promise<EndpointRow> {
  if (!input.url || !input.interface || !input.service_id) {
    throw new BadRequest("Invalid input for field 'endpoint': interface, service_id and url are required properties");
  }
  assertUrlSubstitutions(input.url);
  await assertServiceExists(ctx, input.service_id);
  const region = await resolveRegion(ctx, input);
  const row: EndpointRow = {
    id: newHexId(),
    service_id: input.service_id,
    interface: input.interface,
    url: input.url,
    region_id: region.regionId ?? null,
    enabled: toDbBool(input.enabled ?? true),
    extra: toDbJson(input.extra),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await createLegacyRegion(trx, region.create);
    await q.insertEndpoint(trx, row);
  });
  ctx.changes.bump();
  return row;
}

/** Updates an endpoint; the same reference checks as create apply to the attributes given. */
export async function updateEndpoint(ctx: IdentityContext, id: string, input: EndpointInput): Promise<EndpointRow> {
  if (input.id !== undefined && input.id !== null && input.id !== id) throw new BadRequest('Cannot change ID');
  const current = await getEndpoint(ctx, id);
  if (input.url !== undefined) assertUrlSubstitutions(input.url);
  if (input.service_id !== undefined) await assertServiceExists(ctx, input.service_id);
  const region = await resolveRegion(ctx, input);
  const changes: Partial<EndpointRow> = {};
  if (input.interface !== undefined) changes.interface = input.interface;
  if (input.url !== undefined) changes.url = input.url;
  if (input.service_id !== undefined) changes.service_id = input.service_id;
  if (region.regionId !== undefined) changes.region_id = region.regionId;
  if (input.enabled !== undefined) changes.enabled = toDbBool(input.enabled);
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  await ctx.db.transaction().execute(async (trx) => {
    await createLegacyRegion(trx, region.create);
    await q.updateEndpoint(trx, id, changes);
  });
  ctx.changes.bump();
  return { ...current, ...changes };
}

async function createLegacyRegion(db: IdentityDb, region: RegionRow | undefined): Promise<void> {
  if (region) await q.insertRegion(db, region);
}

/** Deletes the endpoint; tokens issued afterwards no longer list it. */
export async function deleteEndpoint(ctx: IdentityContext, id: string): Promise<void> {
  await getEndpoint(ctx, id);
  await q.deleteEndpoint(ctx.db, id);
  ctx.changes.bump();
}
