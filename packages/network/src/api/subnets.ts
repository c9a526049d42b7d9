// /v2.0/subnets: list, create, show, update, delete (Neutron api-ref "Subnets"); the domain checks the addresses.
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import { createSubnet, deleteSubnet, getSubnetRow, listSubnets, updateSubnet } from '../subnets.js';
import {
  type Attribute,
  callerOf,
  isBoolean,
  isList,
  isString,
  isStringOrNull,
  isUuid,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
  toBoolean,
} from './l3-request.js';
import { subnetView } from './views/subnets.js';

type Params = { id: string };

function isIpVersion(value: unknown): string | undefined {
  return value === 4 || value === 6 || value === '4' || value === '6'
    ? undefined
    : `'${String(value)}' is not in [4, 6]`;
}

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  name: { post: true, put: true, validate: isString(255) },
  description: { post: true, put: true, validate: isString(255) },
  network_id: { post: true, put: false, required: true, validate: isUuid },
  ip_version: { post: true, put: false, required: true, validate: isIpVersion },
  cidr: { post: true, put: false, validate: isString(64) },
  gateway_ip: { post: true, put: true, validate: isStringOrNull(64) },
  enable_dhcp: { post: true, put: true, validate: isBoolean },
  allocation_pools: { post: true, put: true, validate: isList },
  dns_nameservers: { post: true, put: true, validate: isList },
  host_routes: { post: true, put: true, validate: isList },
  ipv6_ra_mode: { post: true, put: false, validate: isStringOrNull(32) },
  ipv6_address_mode: { post: true, put: false, validate: isStringOrNull(32) },
  subnetpool_id: { post: true, put: false, validate: isStringOrNull(64) },
  prefixlen: { post: true, put: false },
  use_default_subnetpool: { post: true, put: false },
  segment_id: { post: true, put: false },
  service_types: { post: true, put: true, validate: isList },
};

function converted(attrs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...attrs };
  if (out.enable_dhcp !== undefined) out.enable_dhcp = toBoolean(out.enable_dhcp);
  if (out.ip_version !== undefined) out.ip_version = Number(out.ip_version);
  return out;
}

export function subnetRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/v2.0/subnets', async (request) => {
    const subnets = await listSubnets(ctx, callerOf(ctx, request));
    return listAnswer(ctx, request, 'subnets', subnets.map(subnetView));
  });

  scope.post('/v2.0/subnets', async (request, reply) => {
    const attrs = converted(resourceBody(request, 'subnet', attributes, 'POST'));
    const subnet = await createSubnet(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { subnet: subnetView(subnet) };
  });

  scope.get('/v2.0/subnets/:id', async (request) => {
    const { subnet } = await getSubnetRow(ctx, callerOf(ctx, request), (request.params as Params).id);
    return { subnet: showAnswer(request, subnetView(subnet)) };
  });

  scope.put('/v2.0/subnets/:id', async (request) => {
    const attrs = converted(resourceBody(request, 'subnet', attributes, 'PUT'));
    const subnet = await updateSubnet(ctx, callerOf(ctx, request), (request.params as Params).id, attrs);
    return { subnet: subnetView(subnet) };
  });

  scope.delete('/v2.0/subnets/:id', async (request, reply) => {
    await deleteSubnet(ctx, callerOf(ctx, request), (request.params as Params).id);
    reply.code(204).send();
  });
}
