// /v2.0/routers: list, create, show, update, delete, add/remove_router_interface and add/remove_extraroutes
// (Neutron api-ref "Routers", with ext-gw-mode, extraroute and extraroute-atomic).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NetworkContext } from '../context.js';
import { NeutronBadRequest } from '../errors.js';
import { addRouterInterface, type InterfaceRequest, removeRouterInterface } from '../router-interfaces.js';
import { changeExtraRoutes, createRouter, deleteRouter, listRouters, showRouter, updateRouter } from '../routers.js';
import {
  type Attribute,
  callerOf,
  isBoolean,
  isDictOrNull,
  isList,
  isString,
  isUuid,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
  toBoolean,
} from './l3-request.js';
import { routerInterfaceView, routerView } from './views/routers.js';

type Params = { id: string };

/** validate_dict_or_nodata with the external_gateway_info keys (neutron-lib l3 api definition). */
function isGatewayInfo(value: unknown): string | undefined {
  const notDict = isDictOrNull(value);
  if (notDict || value === null) return notDict;
  const info = value as Record<string, unknown>;
  const extra = Object.keys(info).filter((k) => !['network_id', 'enable_snat', 'external_fixed_ips'].includes(k));
  if (extra.length > 0) return `Unrecognized keys in external_gateway_info: ${extra.join(', ')}`;
  if (Object.keys(info).length > 0 && info.network_id === undefined) return "Missing key 'network_id'";
  if (info.network_id !== undefined && isUuid(info.network_id)) return isUuid(info.network_id);
  if (info.enable_snat !== undefined) return isBoolean(info.enable_snat);
  if (info.external_fixed_ips !== undefined) {
    if (!Array.isArray(info.external_fixed_ips)) return `'${String(info.external_fixed_ips)}' is not a list`;
    for (const fixed of info.external_fixed_ips) {
      if (typeof fixed !== 'object' || fixed === null) return `'${String(fixed)}' is not a dictionary`;
      const keys = Object.keys(fixed);
      if (keys.some((k) => k !== 'subnet_id' && k !== 'ip_address')) return `Invalid data format for fixed IP`;
    }
  }
  return undefined;
}

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  name: { post: true, put: true, validate: isString(255) },
  description: { post: true, put: true, validate: isString(255) },
  admin_state_up: { post: true, put: true, validate: isBoolean },
  external_gateway_info: { post: true, put: true, validate: isGatewayInfo },
  // convert_none_to_empty_list: `routes: null` clears them (Tempest's cleanup sends it).
  routes: { post: false, put: true, validate: (value) => (value === null ? undefined : isList(value)) },
};

function converted(attrs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...attrs };
  if (out.admin_state_up !== undefined) out.admin_state_up = toBoolean(out.admin_state_up);
  if (out.routes === null) out.routes = [];
  const gateway = out.external_gateway_info as Record<string, unknown> | null | undefined;
  if (gateway && gateway.enable_snat !== undefined) {
    out.external_gateway_info = { ...gateway, enable_snat: toBoolean(gateway.enable_snat) };
  }
  return out;
}

/** The unwrapped body of add/remove_router_interface (`{"subnet_id": …}` or `{"port_id": …}`). */
function interfaceBody(request: FastifyRequest): InterfaceRequest {
  const body = request.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new NeutronBadRequest('HTTPBadRequest', 'Resource body required');
  }
  return body as InterfaceRequest;
}

/** The `{"router": {"routes": [...]}}` body of add/remove_extraroutes. */
function extraRoutesBody(request: FastifyRequest): unknown[] {
  const attrs = resourceBody(request, 'router', { routes: { post: false, put: true, required: true } }, 'PUT');
  if (!Array.isArray(attrs.routes)) {
    throw new NeutronBadRequest(
      'HTTPBadRequest',
      `Invalid input for routes. Reason: '${String(attrs.routes)}' is not a list.`,
    );
  }
  return attrs.routes;
}

export function routerRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/v2.0/routers', async (request) => {
    const routers = await listRouters(ctx, callerOf(ctx, request));
    return listAnswer(ctx, request, 'routers', routers.map(routerView));
  });

  scope.post('/v2.0/routers', async (request, reply) => {
    const attrs = converted(resourceBody(request, 'router', attributes, 'POST'));
    const router = await createRouter(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { router: routerView(router) };
  });

  scope.get('/v2.0/routers/:id', async (request) => {
    const { id } = request.params as Params;
    return { router: showAnswer(request, routerView(await showRouter(ctx, callerOf(ctx, request), id))) };
  });

  scope.put('/v2.0/routers/:id', async (request) => {
    const { id } = request.params as Params;
    const attrs = converted(resourceBody(request, 'router', attributes, 'PUT'));
    return { router: routerView(await updateRouter(ctx, callerOf(ctx, request), id, attrs)) };
  });

  scope.delete('/v2.0/routers/:id', async (request, reply) => {
    const { id } = request.params as Params;
    await deleteRouter(ctx, callerOf(ctx, request), id);
    reply.code(204).send();
  });

  scope.put('/v2.0/routers/:id/add_router_interface', async (request) => {
    const { id } = request.params as Params;
    return routerInterfaceView(await addRouterInterface(ctx, callerOf(ctx, request), id, interfaceBody(request)));
  });

  scope.put('/v2.0/routers/:id/remove_router_interface', async (request) => {
    const { id } = request.params as Params;
    return routerInterfaceView(await removeRouterInterface(ctx, callerOf(ctx, request), id, interfaceBody(request)));
  });

  scope.put('/v2.0/routers/:id/add_extraroutes', async (request) => {
    const { id } = request.params as Params;
    const router = await changeExtraRoutes(ctx, callerOf(ctx, request), id, 'add', extraRoutesBody(request));
    return { router: routerView(router) };
  });

  scope.put('/v2.0/routers/:id/remove_extraroutes', async (request) => {
    const { id } = request.params as Params;
    const router = await changeExtraRoutes(ctx, callerOf(ctx, request), id, 'remove', extraRoutesBody(request));
    return { router: routerView(router) };
  });
}
