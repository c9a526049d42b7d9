// /v3 endpoints routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function endpointRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
