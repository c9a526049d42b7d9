// /v3 role-assignments routes (being written).
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

export function roleAssignmentRoutes(_scope: FastifyInstance, _ctx: IdentityContext): void {}
