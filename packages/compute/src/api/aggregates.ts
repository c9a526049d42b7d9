// /os-aggregates: list, create, show, update, delete, and the add_host, remove_host, set_metadata actions (admin).
import { BadRequest } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  type Aggregate,
  addAggregateHost,
  aggregateId,
  createAggregate,
  deleteAggregate,
  getAggregate,
  listAggregates,
  removeAggregateHost,
  setAggregateMetadata,
  updateAggregate,
} from '../aggregates.js';
import type { ComputeContext } from '../context.js';
import { atLeast, enforce, validBody } from './common.js';
import { azName, fqdn, METADATA_KEY, name } from './schemas/parameter-types.js';

const zone = Type.Union([azName, Type.Null()]);
/** A name Nova's update strips (name_with_leading_trailing_spaces). */
const looseName = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' });

const createBody = Type.Object(
  { aggregate: Type.Object({ name, availability_zone: zone }, { required: ['name'], additionalProperties: false }) },
  { required: ['aggregate'], additionalProperties: false },
);
const updateBody = Type.Object(
  {
    aggregate: Type.Object(
      { name: looseName, availability_zone: zone },
      { required: [], additionalProperties: false, minProperties: 1 },
    ),
  },
  { required: ['aggregate'], additionalProperties: false },
);
function hostAction(key: string) {
  return Type.Object(
    { [key]: Type.Object({ host: fqdn }, { required: ['host'], additionalProperties: false }) },
    { required: [key], additionalProperties: false },
  );
}
const metadataBody = Type.Object(
  {
    set_metadata: Type.Object(
      {
        metadata: Type.Object(
          {},
          {
            patternProperties: { [METADATA_KEY]: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]) },
            additionalProperties: false,
          },
        ),
      },
      { required: ['metadata'], additionalProperties: false },
    ),
  },
  { required: ['set_metadata'], additionalProperties: false },
);

/** Python's `str()` of a naive datetime, as Nova serializes aggregate timestamps. */
function naive(iso: string | null): string | null {
  return iso ? iso.replace('Z', '').replace(/(\.\d{3})$/, '$1000') : null;
}

/** An aggregate as Nova marshals it (uuid from 2.41). */
function aggregateView(request: FastifyRequest, aggregate: Aggregate): Record<string, unknown> {
  return {
    availability_zone: aggregate.row.availability_zone,
    created_at: naive(aggregate.row.created_at),
    deleted: false,
    deleted_at: null,
    hosts: aggregate.hosts,
    id: aggregate.row.id,
    metadata: aggregate.metadata,
    name: aggregate.row.name,
    updated_at: naive(aggregate.row.updated_at),
    ...(atLeast(request, '2.41') ? { uuid: aggregate.row.uuid } : {}),
  };
}

export function aggregateRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const idOf = (request: FastifyRequest) => aggregateId((request.params as { aggregate_id: string }).aggregate_id);

  scope.get('/v2.1/os-aggregates', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-aggregates:index', {});
    return { aggregates: (await listAggregates(ctx)).map((a) => aggregateView(request, a)) };
  });

  scope.post('/v2.1/os-aggregates', async (request) => {
    const body = validBody<{ aggregate: { name: string; availability_zone?: string | null } }>(request, createBody);
    enforce(ctx, request, 'os_compute_api:os-aggregates:create', {});
    const zoneName = body.aggregate.availability_zone?.trim() || null;
    const aggregate = await createAggregate(ctx, body.aggregate.name.trim(), zoneName);
    // Nova's create answer leaves out hosts and metadata.
    const { hosts: _hosts, metadata: _metadata, ...view } = aggregateView(request, aggregate);
    return { aggregate: view };
  });

  scope.get('/v2.1/os-aggregates/:aggregate_id', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-aggregates:show', {});
    return { aggregate: aggregateView(request, await getAggregate(ctx, idOf(request))) };
  });

  scope.put('/v2.1/os-aggregates/:aggregate_id', async (request) => {
    const body = validBody<{ aggregate: { name?: string; availability_zone?: string | null } }>(request, updateBody);
    enforce(ctx, request, 'os_compute_api:os-aggregates:update', {});
    const update = {
      ...(body.aggregate.name !== undefined ? { name: body.aggregate.name.trim() } : {}),
      ...('availability_zone' in body.aggregate ? { availabilityZone: body.aggregate.availability_zone ?? null } : {}),
    };
    return { aggregate: aggregateView(request, await updateAggregate(ctx, idOf(request), update)) };
  });

  scope.delete('/v2.1/os-aggregates/:aggregate_id', async (request, reply) => {
    enforce(ctx, request, 'os_compute_api:os-aggregates:delete', {});
    await deleteAggregate(ctx, idOf(request));
    reply.code(200).send();
  });

  scope.post('/v2.1/os-aggregates/:aggregate_id/action', async (request) => {
    const body = request.body as Record<string, unknown> | undefined;
    const action = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
    if (action === 'add_host') {
      const { host } = validBody<{ add_host: { host: string } }>(request, hostAction('add_host')).add_host;
      enforce(ctx, request, 'os_compute_api:os-aggregates:add_host', {});
      return { aggregate: aggregateView(request, await addAggregateHost(ctx, idOf(request), host)) };
    }
    if (action === 'remove_host') {
      const { host } = validBody<{ remove_host: { host: string } }>(request, hostAction('remove_host')).remove_host;
      enforce(ctx, request, 'os_compute_api:os-aggregates:remove_host', {});
      return { aggregate: aggregateView(request, await removeAggregateHost(ctx, idOf(request), host)) };
    }
    if (action === 'set_metadata') {
      const { metadata } = validBody<{ set_metadata: { metadata: Record<string, string | null> } }>(
        request,
        metadataBody,
      ).set_metadata;
      enforce(ctx, request, 'os_compute_api:os-aggregates:set_metadata', {});
      return { aggregate: aggregateView(request, await setAggregateMetadata(ctx, idOf(request), metadata)) };
    }
    throw new BadRequest(`There is no such action: ${action ?? ''}`);
  });
}
