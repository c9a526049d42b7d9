// /os-hosts (up to 2.42): hosts and their resources, the enable/disable of a compute host's service; power actions
// and maintenance mode are refused with 501 as drivers without host power management do.
import { BadRequest, NotFound, NotImplemented } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { updateServiceByHost } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import { assertComputeHost, hostResources, listHosts } from '../hosts.js';
import { enforce, queryLast, requireVersion, validBody } from './common.js';

type Params = { host_name: string };

const toggle = Type.Union([Type.Literal('enable'), Type.Literal('disable')]);
const updateBody = Type.Object(
  { status: toggle, maintenance_mode: toggle },
  { additionalProperties: false, minProperties: 1 },
);

export function hostRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const begin = (request: FastifyRequest, action: string) => {
    requireVersion(request, '2.1', '2.42');
    enforce(ctx, request, `os_compute_api:os-hosts:${action}`);
    return (request.params as Params).host_name;
  };

  scope.get('/v2.1/os-hosts', async (request) => {
    requireVersion(request, '2.1', '2.42');
    enforce(ctx, request, 'os_compute_api:os-hosts:list');
    return { hosts: await listHosts(ctx, queryLast(request, 'zone')) };
  });

  scope.get('/v2.1/os-hosts/:host_name', async (request) => {
    const host = begin(request, 'show');
    return { host: (await hostResources(ctx, host)).map((resource) => ({ resource })) };
  });

  scope.put('/v2.1/os-hosts/:host_name', async (request) => {
    const host = begin(request, 'update');
    const body = validBody<{ status?: 'enable' | 'disable'; maintenance_mode?: 'enable' | 'disable' }>(
      request,
      updateBody,
    );
    await assertComputeHost(ctx, host);
    if (body.maintenance_mode !== undefined) {
      throw new NotImplemented('Virt driver does not implement host maintenance mode.');
    }
    if (body.status === undefined) throw new BadRequest('Invalid status or maintenance_mode.');
    await updateServiceByHost(ctx, host, 'nova-compute', { disabled: body.status === 'disable' });
    return { host, status: body.status === 'disable' ? 'disabled' : 'enabled' };
  });

  for (const [path, action] of [
    ['startup', 'start'],
    ['shutdown', 'shutdown'],
    ['reboot', 'reboot'],
  ] as const) {
    scope.get(`/v2.1/os-hosts/:host_name/${path}`, async (request) => {
      const host = begin(request, action);
      await assertComputeHost(ctx, host);
      throw new NotImplemented('Virt driver does not implement host power management.');
    });
  }
}
