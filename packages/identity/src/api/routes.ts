// Identity's one route table: every /v3 resource's routes, registered in one place.
import type { FastifyInstance } from 'fastify';
import type { IdentityTokenValidator } from '../auth/token-validator.js';
import type { IdentityContext } from '../context.js';
import { applicationCredentialRoutes } from './application-credentials.js';
import { authRoutes } from './auth.js';
import { domainRoutes } from './domains.js';
import { endpointRoutes } from './endpoints.js';
import { grantRoutes } from './grants.js';
import { groupRoutes } from './groups.js';
import { projectRoutes } from './projects.js';
import { regionRoutes } from './regions.js';
import { roleAssignmentRoutes } from './role-assignments.js';
import { roleRoutes } from './roles.js';
import { serviceRoutes } from './services.js';
import { userRoutes } from './users.js';
import { versionRoutes } from './versions.js';

export function identityRoutes(scope: FastifyInstance, ctx: IdentityContext, validator: IdentityTokenValidator): void {
  versionRoutes(scope, ctx);
  authRoutes(scope, ctx, validator);
  domainRoutes(scope, ctx);
  projectRoutes(scope, ctx);
  userRoutes(scope, ctx);
  groupRoutes(scope, ctx);
  roleRoutes(scope, ctx);
  grantRoutes(scope, ctx);
  roleAssignmentRoutes(scope, ctx);
  regionRoutes(scope, ctx);
  serviceRoutes(scope, ctx);
  endpointRoutes(scope, ctx);
  applicationCredentialRoutes(scope, ctx);
}
