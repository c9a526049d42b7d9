// /v2.0/ports: list, create, show, update, delete (Neutron api-ref "Ports"); `fixed_ips` is set at create only.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../authorize.js';
import type { NetworkContext } from '../context.js';
import { selectNetwork } from '../db/networks.js';
import { createPort, deletePort, listPorts, type Port, portPolicyTarget, showPort, updatePort } from '../ports.js';
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
import { portView } from './views/ports.js';

type Params = { id: string };

function isMac(value: unknown): string | undefined {
  return typeof value === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(value)
    ? undefined
    : `'${String(value)}' is not a valid MAC address`;
}

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  name: { post: true, put: true, validate: isString(255) },
  description: { post: true, put: true, validate: isString(255) },
  network_id: { post: true, put: false, required: true, validate: isUuid },
  admin_state_up: { post: true, put: true, validate: isBoolean },
  mac_address: { post: true, put: false, validate: isMac },
  fixed_ips: { post: true, put: false, validate: isList },
  device_id: { post: true, put: true, validate: isString(255) },
  device_owner: { post: true, put: true, validate: isString(255) },
  security_groups: { post: true, put: true, validate: isList },
  allowed_address_pairs: { post: true, put: true, validate: isList },
  port_security_enabled: { post: true, put: true, validate: isBoolean },
  'binding:host_id': { post: true, put: true, validate: isString(255) },
  'binding:profile': { post: true, put: true, validate: isDictOrNull },
  'binding:vnic_type': { post: true, put: true, validate: isString(64) },
};

function converted(attrs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...attrs };
  for (const key of ['admin_state_up', 'port_security_enabled'])
    if (out[key] !== undefined) out[key] = toBoolean(out[key]);
  return out;
}

export function portRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  const view = async (request: FastifyRequest, port: Port) => {
    const network = await selectNetwork(ctx.db, port.row.network_id);
    const binding =
      network !== undefined &&
      can(ctx, callerOf(ctx, request), 'get_port:binding', portPolicyTarget(port.row, network));
    return portView(port, binding);
  };

  scope.get('/v2.0/ports', async (request) => {
    const ports = await listPorts(ctx, callerOf(ctx, request));
    return listAnswer(ctx, request, 'ports', await Promise.all(ports.map((p) => view(request, p))));
  });

  scope.post('/v2.0/ports', async (request, reply) => {
    const attrs = converted(resourceBody(request, 'port', attributes, 'POST'));
    const port = await createPort(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { port: await view(request, port) };
  });

  scope.get('/v2.0/ports/:id', async (request) => {
    const port = await showPort(ctx, callerOf(ctx, request), (request.params as Params).id);
    return { port: showAnswer(request, await view(request, port)) };
  });

  scope.put('/v2.0/ports/:id', async (request) => {
    const attrs = converted(resourceBody(request, 'port', attributes, 'PUT'));
    const port = await updatePort(ctx, callerOf(ctx, request), (request.params as Params).id, attrs);
    return { port: await view(request, port) };
  });

  scope.delete('/v2.0/ports/:id', async (request, reply) => {
    await deletePort(ctx, callerOf(ctx, request), (request.params as Params).id);
    reply.code(204).send();
  });
}
