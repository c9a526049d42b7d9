// /v3 regions routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function regionRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
