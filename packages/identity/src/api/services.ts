// /v3 services routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function serviceRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
