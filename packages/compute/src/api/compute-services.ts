// /os-services: list (filter by host and binary), update (the pre-2.53 enable/disable/force-down actions and the
// 2.53 PUT by uuid) and delete (admin).
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { zonesOfHosts } from '../availability-zones.js';
import {
  deleteService,
  isServiceUp,
  listServices,
  type ServiceRecord,
  type ServiceUpdate,
  updateService,
  updateServiceByHost,
} from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import type { ServiceRow } from '../db/tables.js';
import { atLeast, checkQuery, enforce, queryLast, strictBool, type VersionedSchema, validBody } from './common.js';
import { boolean, fqdn, UUID_PATTERN } from './schemas/parameter-types.js';

const reason = Type.String({ minLength: 1, maxLength: 255 });
const binary = Type.String({ minLength: 1, maxLength: 255 });

/** PUT /os-services/{action} before 2.53 (force_down from 2.11). */
const legacyBody: VersionedSchema[] = [
  {
    max: '2.10',
    schema: Type.Object(
      { host: fqdn, binary, disabled_reason: reason },
      { required: ['host', 'binary'], additionalProperties: false },
    ),
  },
  {
    min: '2.11',
    max: '2.52',
    schema: Type.Object(
      { host: fqdn, binary, disabled_reason: reason, forced_down: boolean },
      { required: ['host', 'binary'], additionalProperties: false },
    ),
  },
];
/** PUT /os-services/{uuid} from 2.53. */
const updateBody = Type.Object(
  { status: Type.String({ enum: ['enabled', 'disabled'] }), disabled_reason: reason, forced_down: boolean },
  { required: [], additionalProperties: false },
);

/** Python's `str()` of a naive datetime. */
function naive(iso: string | null): string | null {
  return iso ? `${iso.slice(0, 19)}.${(iso.slice(20, 23) || '0').padEnd(6, '0')}` : null;
}

/** A service as Nova's `_get_service_detail` shows it (uuid ids from 2.53, forced_down from 2.11). */
function serviceView(request: FastifyRequest, record: ServiceRecord, withForcedDown: boolean): Record<string, unknown> {
  const { row } = record;
  return {
    binary: row.binary,
    host: row.host,
    id: atLeast(request, '2.53') ? row.uuid : row.id,
    zone: record.zone,
    status: row.disabled ? 'disabled' : 'enabled',
    state: record.up ? 'up' : 'down',
    updated_at: naive(row.last_seen_up ?? row.updated_at),
    disabled_reason: row.disabled_reason,
    ...(withForcedDown ? { forced_down: row.forced_down === 1 } : {}),
  };
}

async function recordOf(ctx: ComputeContext, row: ServiceRow): Promise<ServiceRecord> {
  const zone =
    row.binary === 'nova-compute'
      ? ((await zonesOfHosts(ctx)).get(row.host) ?? ctx.config.defaultAvailabilityZone)
      : 'internal';
  return { row, zone, up: isServiceUp(row) };
}

export function computeServiceRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/os-services', async (request) => {
    checkQuery(request, { known: ['host', 'binary'], strictFrom: '2.75' });
    enforce(ctx, request, 'os_compute_api:os-services:list', {});
    const host = queryLast(request, 'host');
    const bin = queryLast(request, 'binary');
    const services = await listServices(ctx, { ...(host ? { host } : {}), ...(bin ? { binary: bin } : {}) });
    return { services: services.map((s) => serviceView(request, s, atLeast(request, '2.11'))) };
  });

  scope.put('/v2.1/os-services/:id', async (request) => {
    const { id } = request.params as { id: string };
    enforce(ctx, request, 'os_compute_api:os-services:update', {});
    if (atLeast(request, '2.53')) {
      const body = validBody<{ status?: string; disabled_reason?: string; forced_down?: boolean | string }>(
        request,
        updateBody,
      );
      if (!new RegExp(UUID_PATTERN).test(id)) throw new BadRequest(`Invalid uuid ${id}`);
      const update: ServiceUpdate = {};
      if (body.status === 'enabled') {
        if (body.disabled_reason)
          throw new BadRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
        update.disabled = false;
        update.disabledReason = null;
      } else if (body.status === 'disabled') {
        update.disabled = true;
        update.disabledReason = body.disabled_reason ?? null;
      }
      if (body.forced_down !== undefined) update.forcedDown = strictBool(body.forced_down) ?? false;
      if (Object.keys(update).length === 0) {
        throw new BadRequest("No updates were requested. Fields 'status' or 'forced_down' should be specified.");
      }
      const row = await updateService(ctx, id, update);
      return { service: serviceView(request, await recordOf(ctx, row), true) };
    }
    // Before 2.53 the path names the action and the body the service.
    const actions = ['enable', 'disable', 'disable-log-reason', ...(atLeast(request, '2.11') ? ['force-down'] : [])];
    if (!actions.includes(id)) throw new NotFound('Unknown action');
    const body = validBody<{ host: string; binary: string; disabled_reason?: string; forced_down?: boolean | string }>(
      request,
      legacyBody,
    );
    if (id === 'force-down') {
      if (body.forced_down === undefined) throw new BadRequest('Missing forced_down field');
      const forcedDown = strictBool(body.forced_down) ?? false;
      await updateServiceByHost(ctx, body.host, body.binary, { forcedDown });
      return { service: { host: body.host, binary: body.binary, forced_down: forcedDown } };
    }
    if (id === 'disable-log-reason' && body.disabled_reason === undefined) {
      throw new BadRequest('Missing disabled reason field');
    }
    const disabled = id !== 'enable';
    const disabledReason = id === 'disable-log-reason' ? (body.disabled_reason ?? null) : null;
    await updateServiceByHost(ctx, body.host, body.binary, { disabled, disabledReason });
    return {
      service: {
        host: body.host,
        binary: body.binary,
        status: disabled ? 'disabled' : 'enabled',
        ...(disabledReason ? { disabled_reason: disabledReason } : {}),
      },
    };
  });

  scope.delete('/v2.1/os-services/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    enforce(ctx, request, 'os_compute_api:os-services:delete', {});
    if (atLeast(request, '2.53') ? !new RegExp(UUID_PATTERN).test(id) : !/^\d+$/.test(id)) {
      throw new BadRequest(
        atLeast(request, '2.53') ? `Invalid uuid ${id}` : `Invalid input for id. Reason: ${id} is not an integer.`,
      );
    }
    try {
      await deleteService(ctx, id);
    } catch (err) {
      if (err instanceof NotFound) throw new NotFound(`Service ${id} not found.`);
      throw err;
    }
    reply.code(204).send();
  });
}
