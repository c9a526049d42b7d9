// /v2.0/floatingips: list, create, show, update (associate / disassociate), delete (Neutron api-ref
// "Floating IPs").
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import {
  associatedPorts,
  createFloatingIp,
  deleteFloatingIp,
  getFloatingIp,
  listFloatingIps,
  updateFloatingIp,
} from '../floating-ips.js';
import { parseAddress } from '../ipam.js';
import {
  type Attribute,
  callerOf,
  isString,
  isUuid,
  isUuidOrNull,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
} from './l3-request.js';
import { floatingIpView } from './views/floating-ips.js';

type Params = { id: string };

function isIpOrNull(value: unknown): string | undefined {
  if (value === null || parseAddress(value)) return undefined;
  return `'${String(value)}' is not a valid IP address`;
}

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  floating_network_id: { post: true, put: false, required: true, validate: isUuid },
  floating_ip_address: { post: true, put: false, validate: isIpOrNull },
  subnet_id: { post: true, put: false, validate: isUuidOrNull },
  port_id: { post: true, put: true, validate: isUuidOrNull },
  fixed_ip_address: { post: true, put: true, validate: isIpOrNull },
  description: { post: true, put: true, validate: isString(255) },
};

export function floatingIpRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/v2.0/floatingips', async (request) => {
    const rows = await listFloatingIps(ctx, callerOf(ctx, request));
    const ports = await associatedPorts(ctx, rows);
    return listAnswer(
      ctx,
      request,
      'floatingips',
      rows.map((row) => floatingIpView(row, ports)),
    );
  });

  scope.post('/v2.0/floatingips', async (request, reply) => {
    const attrs = resourceBody(request, 'floatingip', attributes, 'POST');
    const row = await createFloatingIp(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { floatingip: floatingIpView(row, await associatedPorts(ctx, [row])) };
  });

  scope.get('/v2.0/floatingips/:id', async (request) => {
    const { id } = request.params as Params;
    const row = await getFloatingIp(ctx, callerOf(ctx, request), id);
    return { floatingip: showAnswer(request, floatingIpView(row, await associatedPorts(ctx, [row]))) };
  });

  scope.put('/v2.0/floatingips/:id', async (request) => {
    const { id } = request.params as Params;
    const attrs = resourceBody(request, 'floatingip', attributes, 'PUT');
    const row = await updateFloatingIp(ctx, callerOf(ctx, request), id, attrs);
    return { floatingip: floatingIpView(row, await associatedPorts(ctx, [row])) };
  });

  scope.delete('/v2.0/floatingips/:id', async (request, reply) => {
    const { id } = request.params as Params;
    await deleteFloatingIp(ctx, callerOf(ctx, request), id);
    reply.code(204).send();
  });
}
