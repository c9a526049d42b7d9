// /os-availability-zone: the zones with compute hosts, and for admins (/detail) every zone's hosts and services.
import type { FastifyInstance } from 'fastify';
import { INTERNAL_ZONE, listServices } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import { enforce } from './common.js';

/** Nova's `get_availability_zones`: zones of enabled services are available, the rest not. */
async function zones(ctx: ComputeContext) {
  const services = await listServices(ctx, {});
  const available = [...new Set(services.filter((s) => s.row.disabled === 0).map((s) => s.zone))].sort();
  const unavailable = [...new Set(services.map((s) => s.zone))].filter((z) => !available.includes(z)).sort();
  return { services, available, unavailable };
}

export function availabilityZoneRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/os-availability-zone', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-availability-zone:list', {});
    const { available, unavailable } = await zones(ctx);
    // The internal zone (conductor, scheduler) is not one users can ask for.
    const info = [
      ...available.map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: null })),
      ...unavailable.map((zoneName) => ({ zoneName, zoneState: { available: false }, hosts: null })),
    ].filter((z) => z.zoneName !== INTERNAL_ZONE);
    return { availabilityZoneInfo: info };
  });

  scope.get('/v2.1/os-availability-zone/detail', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-availability-zone:detail', {});
    const { services, available, unavailable } = await zones(ctx);
    const info: Record<string, unknown>[] = available.map((zoneName) => {
      const hosts: Record<string, Record<string, unknown>> = {};
      for (const s of services.filter((x) => x.zone === zoneName && x.row.disabled === 0)) {
        hosts[s.row.host] ??= {};
        hosts[s.row.host]![s.row.binary] = {
          available: s.up,
          active: true,
          updated_at: s.row.updated_at ? s.row.updated_at.replace('Z', '').replace(/(\.\d{3})$/, '$1000') : null,
        };
      }
      return { zoneName, zoneState: { available: true }, hosts };
    });
    for (const zoneName of unavailable) info.push({ zoneName, zoneState: { available: false }, hosts: null });
    return { availabilityZoneInfo: info };
  });
}
