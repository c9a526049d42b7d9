// /v3 groups routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function groupRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
