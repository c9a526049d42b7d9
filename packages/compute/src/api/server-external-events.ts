// /os-server-external-events: what Neutron (and Cinder) tell Compute about a server. `network-changed` makes
// Compute read the server's ports again (its addresses, floating IPs); the other events are acknowledged.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ComputeContext } from '../context.js';
import { findInstance } from '../db/instances.js';
import { loadServers, refreshNetworkInfo } from '../servers.js';
import { enforce, validBody } from './common.js';

const EVENT_NAMES = [
  'network-changed',
  'network-vif-plugged',
  'network-vif-unplugged',
  'network-vif-deleted',
  'volume-extended',
  'power-update',
  'accelerator-request-bound',
  'volume-reimaged',
] as const;

const eventBody = Type.Object(
  {
    events: Type.Array(
      Type.Object(
        {
          name: Type.Union(EVENT_NAMES.map((n) => Type.Literal(n))),
          server_uuid: Type.String({ minLength: 1 }),
          status: Type.Union([Type.Literal('failed'), Type.Literal('completed'), Type.Literal('in-progress')]),
          tag: Type.String({ maxLength: 255 }),
        },
        { required: ['name', 'server_uuid'], additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { required: ['events'], additionalProperties: false },
);

interface ExternalEvent {
  name: string;
  server_uuid: string;
  status?: string;
  tag?: string;
}

export function serverExternalEventRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.post('/v2.1/os-server-external-events', async (request, reply) => {
    enforce(ctx, request, 'os_compute_api:os-server-external-events:create');
    const { events } = validBody<{ events: ExternalEvent[] }>(request, eventBody);
    const results = [];
    for (const event of events) {
      const row = await findInstance(ctx.db, event.server_uuid);
      const result = { ...event, status: event.status ?? 'completed' };
      if (!row) {
        results.push({ ...result, code: 404 });
        continue;
      }
      // A server not on a host yet cannot take events (Nova answers 422 for it).
      if (!row.host) {
        results.push({ ...result, code: 422 });
        continue;
      }
      if (event.name === 'network-changed') {
        const [record] = await loadServers(ctx, [row]);
        await refreshNetworkInfo(ctx, record!);
      }
      results.push({ ...result, code: 200 });
    }
    const ok = results.filter((r) => r.code === 200).length;
    // Nova: 200 when every event was accepted, 207 when some were, 404 when none was.
    reply.code(ok === results.length ? 200 : ok > 0 ? 207 : 404);
    return { events: results };
  });
}
