// /extensions: Nova's v2.1 API has no extensions left; the list is empty and any alias is not found.
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { enforce } from './common.js';

export function extensionRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/extensions', async (request) => {
    enforce(ctx, request, 'os_compute_api:extensions', {});
    return { extensions: [] };
  });
  scope.get('/v2.1/extensions/:alias', async (request) => {
    enforce(ctx, request, 'os_compute_api:extensions', {});
    throw new NotFound('The resource could not be found.');
  });
}
