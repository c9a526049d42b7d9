// /v2.0/networks: list, create, show, update, delete (Neutron api-ref "Networks").
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../authorize.js';
import type { NetworkContext } from '../context.js';
import {
  createNetwork,
  deleteNetwork,
  listNetworks,
  type Network,
  networkPolicyTarget,
  showNetwork,
  updateNetwork,
} from '../networks.js';
import {
  type Attribute,
  callerOf,
  isBoolean,
  isString,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
  toBoolean,
} from './l3-request.js';
import { networkView } from './views/networks.js';

type Params = { id: string };

function isMtu(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= 68 ? undefined : `'${String(value)}' is not a valid MTU`;
}

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  name: { post: true, put: true, validate: isString(255) },
  description: { post: true, put: true, validate: isString(255) },
  admin_state_up: { post: true, put: true, validate: isBoolean },
  shared: { post: true, put: true, validate: isBoolean },
  'router:external': { post: true, put: true, validate: isBoolean },
  port_security_enabled: { post: true, put: true, validate: isBoolean },
  mtu: { post: true, put: true, validate: isMtu },
  // Accepted as Neutron does, with nothing behind them here (one zone, no QoS, no DNS integration).
  availability_zone_hints: { post: true, put: false },
};

const BOOLEANS = ['admin_state_up', 'shared', 'router:external', 'port_security_enabled'];

function converted(attrs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...attrs };
  for (const key of BOOLEANS) if (out[key] !== undefined) out[key] = toBoolean(out[key]);
  delete out.availability_zone_hints;
  return out;
}

export function networkRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  const view = (request: FastifyRequest, network: Network) =>
    networkView(network, can(ctx, callerOf(ctx, request), 'get_network:provider', networkPolicyTarget(network.row)));

  scope.get('/v2.0/networks', async (request) => {
    const networks = await listNetworks(ctx, callerOf(ctx, request));
    return listAnswer(
      ctx,
      request,
      'networks',
      networks.map((n) => view(request, n)),
    );
  });

  scope.post('/v2.0/networks', async (request, reply) => {
    const attrs = converted(resourceBody(request, 'network', attributes, 'POST'));
    const network = await createNetwork(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { network: view(request, network) };
  });

  scope.get('/v2.0/networks/:id', async (request) => {
    const network = await showNetwork(ctx, callerOf(ctx, request), (request.params as Params).id);
    return { network: showAnswer(request, view(request, network)) };
  });

  scope.put('/v2.0/networks/:id', async (request) => {
    const attrs = converted(resourceBody(request, 'network', attributes, 'PUT'));
    const network = await updateNetwork(ctx, callerOf(ctx, request), (request.params as Params).id, attrs);
    return { network: view(request, network) };
  });

  scope.delete('/v2.0/networks/:id', async (request, reply) => {
    await deleteNetwork(ctx, callerOf(ctx, request), (request.params as Params).id);
    reply.code(204).send();
  });
}
