// /os-server-groups: list, create (`policies` before 2.64, `policy` + `rules` from 2.64), show and delete.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ComputeContext } from '../context.js';
import {
  createServerGroup,
  deleteServerGroup,
  getServerGroup,
  listServerGroups,
  type ServerGroup,
} from '../server-groups.js';
import {
  atLeast,
  callerOf,
  checkQuery,
  enforce,
  MAX_LIMIT,
  queryOf,
  type VersionedSchema,
  validBody,
} from './common.js';
import { name, positiveInteger } from './schemas/parameter-types.js';

function policiesSchema(policies: string[]) {
  return Type.Object(
    {
      server_group: Type.Object(
        {
          name,
          policies: Type.Array(Type.String({ enum: policies }), { minItems: 1, maxItems: 1, uniqueItems: true }),
        },
        { required: ['name', 'policies'], additionalProperties: false },
      ),
    },
    { required: ['server_group'], additionalProperties: false },
  );
}

const ALL_POLICIES = ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity'];

/** POST /os-server-groups by microversion (soft policies from 2.15, `policy` + `rules` from 2.64). */
const createBody: VersionedSchema[] = [
  { max: '2.14', schema: policiesSchema(['anti-affinity', 'affinity']) },
  { min: '2.15', max: '2.63', schema: policiesSchema(ALL_POLICIES) },
  {
    min: '2.64',
    schema: Type.Object(
      {
        server_group: Type.Object(
          {
            name,
            policy: Type.String({ enum: ALL_POLICIES }),
            rules: Type.Object({ max_server_per_host: positiveInteger }, { required: [], additionalProperties: false }),
          },
          { required: ['name', 'policy'], additionalProperties: false },
        ),
      },
      { required: ['server_group'], additionalProperties: false },
    ),
  },
];

/** A group as Nova formats it: `policies` + `metadata` before 2.64, `policy` + `rules` from; owners from 2.13. */
function groupView(request: FastifyRequest, group: ServerGroup): Record<string, unknown> {
  const view: Record<string, unknown> = { id: group.row.id, name: group.row.name };
  if (atLeast(request, '2.64')) {
    view.policy = group.row.policy;
    view.rules = group.rules;
  } else {
    view.policies = [group.row.policy];
    view.metadata = {};
  }
  view.members = group.members;
  if (atLeast(request, '2.13')) {
    view.project_id = group.row.project_id;
    view.user_id = group.row.user_id;
  }
  return view;
}

function nonNegative(value: string | undefined, fallback: number): number {
  return value === undefined || !/^\d+$/.test(value) ? fallback : Number(value);
}

export function serverGroupRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/os-server-groups', async (request) => {
    checkQuery(request, {
      known: ['all_projects', 'limit', 'offset'],
      strictFrom: '2.75',
      integers: ['limit', 'offset'],
    });
    const caller = callerOf(ctx, request);
    enforce(ctx, request, 'os_compute_api:os-server-groups:index');
    const query = queryOf(request);
    // Nova: `all_projects` in the query, whatever its value, and only for admins.
    const allProjects = query.all_projects !== undefined && caller.isAdmin;
    if (allProjects) enforce(ctx, request, 'os_compute_api:os-server-groups:index:all_projects');
    const limit = nonNegative(query.limit?.[0], MAX_LIMIT);
    const groups = await listServerGroups(ctx, caller, {
      allProjects,
      offset: nonNegative(query.offset?.[0], 0),
      limit: limit === 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT),
    });
    return { server_groups: groups.map((g) => groupView(request, g)) };
  });

  scope.post('/v2.1/os-server-groups', async (request) => {
    const body = validBody<{
      server_group: { name: string; policies?: string[]; policy?: string; rules?: Record<string, unknown> };
    }>(request, createBody).server_group;
    const caller = callerOf(ctx, request);
    enforce(ctx, request, 'os_compute_api:os-server-groups:create');
    const group = await createServerGroup(ctx, caller, {
      name: body.name,
      policy: body.policy ?? body.policies![0]!,
      rules: body.rules ?? {},
    });
    return { server_group: groupView(request, group) };
  });

  scope.get('/v2.1/os-server-groups/:group_id', async (request) => {
    const { group_id } = request.params as { group_id: string };
    const group = await getServerGroup(ctx, group_id);
    enforce(ctx, request, 'os_compute_api:os-server-groups:show', { project_id: group.row.project_id });
    return { server_group: groupView(request, group) };
  });

  scope.delete('/v2.1/os-server-groups/:group_id', async (request, reply) => {
    const { group_id } = request.params as { group_id: string };
    const group = await getServerGroup(ctx, group_id);
    enforce(ctx, request, 'os_compute_api:os-server-groups:delete', { project_id: group.row.project_id });
    await deleteServerGroup(ctx, group_id);
    reply.code(204).send();
  });
}
