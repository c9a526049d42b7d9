// /v3 users routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function userRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
