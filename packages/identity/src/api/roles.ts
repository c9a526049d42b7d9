// /v3 roles routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function roleRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
