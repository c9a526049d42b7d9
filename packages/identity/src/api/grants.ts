// /v3 grants routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function grantRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
