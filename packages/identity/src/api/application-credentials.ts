// /v3 application-credentials routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function applicationCredentialRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
