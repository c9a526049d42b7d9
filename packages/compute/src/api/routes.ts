// Compute's one route table: every resource's routes, registered in one place (Nova's ROUTE_LIST).
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { versionRoutes } from './versions.js';

export function computeRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  versionRoutes(scope, ctx);
}
