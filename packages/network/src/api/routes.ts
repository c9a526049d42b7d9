// Networking's one route table: every resource's routes, registered in one place. A resource file exports
// `<resource>Routes(scope, ctx)`; add it here, and its extension to api/extensions.ts (or api/l3-extensions.ts).
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import { extensionRoutes } from './extensions.js';
import { floatingIpRoutes } from './floating-ips.js';
import { networkRoutes } from './networks.js';
import { portRoutes } from './ports.js';
import { quotaRoutes } from './quotas.js';
import { routerRoutes } from './routers.js';
import { securityGroupRuleRoutes } from './security-group-rules.js';
import { securityGroupRoutes } from './security-groups.js';
import { subnetRoutes } from './subnets.js';
import { versionRoutes } from './versions.js';

export function networkApiRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  versionRoutes(scope, ctx);
  extensionRoutes(scope, ctx);
  networkRoutes(scope, ctx);
  subnetRoutes(scope, ctx);
  portRoutes(scope, ctx);
  securityGroupRoutes(scope, ctx);
  securityGroupRuleRoutes(scope, ctx);
  routerRoutes(scope, ctx);
  floatingIpRoutes(scope, ctx);
  quotaRoutes(scope, ctx);
}
