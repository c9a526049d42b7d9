// Discovery under /v2/info: import methods, stores, store details, and quota usage.
import type { FastifyInstance } from 'fastify';
import type { ImageContext } from '../context.js';
import { quotaUsage } from '../quotas.js';
import { callerOf, enforce } from './common.js';

/** Registers the /v2/info routes. */
export function infoRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  // Glance answers with CONF.enabled_import_methods; nubo enables no import method (no glance-direct, no
  // web-download), so the list is truthfully empty and clients fall back to PUT /v2/images/{id}/file.
  scope.get('/v2/info/import', async () => ({
    'import-methods': { description: 'Import methods available.', type: 'array', value: [] },
  }));
  // One store, the default; Glance writes `default` as the string "true" (glance/api/v2/discovery.py).
  scope.get('/v2/info/stores', async () => ({ stores: [{ id: ctx.store.id, default: 'true' }] }));
  scope.get('/v2/info/stores/detail', async (request) => {
    enforce(ctx, request, 'stores_info_detail', { project_id: callerOf(ctx, request).projectId });
    return {
      stores: [
        {
          id: ctx.store.id,
          default: 'true',
          type: ctx.store.id,
          properties: ctx.store.properties(),
          weight: 0,
        },
      ],
    };
  });
  // Quota usage (Image API 2.x with unified limits): the two limits nubo enforces, sizes in MiB as Glance reports.
  scope.get('/v2/info/usage', async (request) => ({ usage: await quotaUsage(ctx, callerOf(ctx, request).projectId) }));
}
