// /servers/{id}/os-instance-actions: list (paged and filtered from 2.58) and show, with events for admins.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import type { InstanceActionRow } from '../db/tables.js';
import { getActionServer, getInstanceAction, listInstanceActions } from '../instance-actions.js';
import { atLeast, callerOf, can, checkQuery, collectionLinks, enforce, limitAndMarker, queryOf } from './common.js';

type Params = { server_id: string; request_id: string };

/** An action as Nova lists it (updated_at from 2.58). */
function actionView(request: FastifyRequest, row: InstanceActionRow): Record<string, unknown> {
  return {
    action: row.action,
    instance_uuid: row.instance_id,
    request_id: row.request_id,
    user_id: row.user_id,
    project_id: row.project_id,
    start_time: row.start_time,
    message: row.message,
    ...(atLeast(request, '2.58') ? { updated_at: row.finish_time ?? row.start_time } : {}),
  };
}

export function instanceActionRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/servers/:server_id/os-instance-actions', async (request) => {
    const { server_id } = request.params as Params;
    const paged = atLeast(request, '2.58');
    if (paged) {
      const known = ['limit', 'marker', 'changes-since', ...(atLeast(request, '2.66') ? ['changes-before'] : [])];
      checkQuery(request, { known, strictFrom: '2.58', integers: ['limit'] });
    }
    const row = await getActionServer(ctx, callerOf(ctx, request), server_id, atLeast(request, '2.21'));
    enforce(ctx, request, 'os_compute_api:os-instance-actions:list', { project_id: row.project_id });
    const query = queryOf(request);
    const time = (name: string) => {
      const value = query[name]?.[0];
      return value === undefined ? undefined : new Date(Date.parse(value)).toISOString();
    };
    const actions = await listInstanceActions(
      ctx,
      row.id,
      paged
        ? {
            ...limitAndMarker(request),
            ...(time('changes-since') ? { changesSince: time('changes-since') } : {}),
            ...(time('changes-before') ? { changesBefore: time('changes-before') } : {}),
          }
        : {},
    );
    const links = paged
      ? collectionLinks(
          ctx,
          request,
          `servers/${row.id}/os-instance-actions`,
          actions.length,
          actions.at(-1)?.request_id,
        )
      : [];
    return { instanceActions: actions.map((a) => actionView(request, a)), ...(links.length > 0 ? { links } : {}) };
  });

  scope.get('/v2.1/servers/:server_id/os-instance-actions/:request_id', async (request) => {
    const { server_id, request_id } = request.params as Params;
    const row = await getActionServer(ctx, callerOf(ctx, request), server_id, atLeast(request, '2.21'));
    enforce(ctx, request, 'os_compute_api:os-instance-actions:show', { project_id: row.project_id });
    const action = await getInstanceAction(ctx, row.id, request_id);
    const view = actionView(request, action);
    // nubo's engine does not record action events yet: those who may see events see none.
    const events = can(ctx, request, 'os_compute_api:os-instance-actions:events', { project_id: row.project_id });
    if (events || atLeast(request, '2.51')) view.events = [];
    return { instanceAction: view };
  });
}
