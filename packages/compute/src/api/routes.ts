// Compute's one route table: every resource's routes, registered in one place (Nova's ROUTE_LIST).
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { aggregateRoutes } from './aggregates.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { computeServiceRoutes } from './compute-services.js';
import { extensionRoutes } from './extensions.js';
import { flavorAccessRoutes } from './flavor-access.js';
import { flavorExtraSpecRoutes } from './flavor-extra-specs.js';
import { flavorRoutes } from './flavors.js';
import { hostRoutes } from './hosts.js';
import { hypervisorRoutes } from './hypervisors.js';
import { imageRoutes } from './images.js';
import { instanceActionRoutes } from './instance-actions.js';
import { ipRoutes } from './ips.js';
import { keypairRoutes } from './keypairs.js';
import { limitRoutes } from './limits.js';
import { quotaSetRoutes } from './quota-sets.js';
import { serverActionRoutes } from './server-actions.js';
import { serverExternalEventRoutes } from './server-external-events.js';
import { serverExtraRoutes } from './server-extras.js';
import { serverGroupRoutes } from './server-groups.js';
import { serverMetadataRoutes } from './server-metadata.js';
import { serverTagRoutes } from './server-tags.js';
import { serverRoutes } from './servers.js';
import { usageRoutes } from './usage.js';
import { versionRoutes } from './versions.js';

export function computeRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  // Nova names the request id in its own header too (Tempest's response-header schema knows it).
  scope.addHook('onRequest', async (request, reply) => {
    reply.header('x-compute-request-id', request.id);
  });
  versionRoutes(scope, ctx);
  flavorRoutes(scope, ctx);
  flavorAccessRoutes(scope, ctx);
  flavorExtraSpecRoutes(scope, ctx);
  keypairRoutes(scope, ctx);
  imageRoutes(scope, ctx);
  serverRoutes(scope, ctx);
  serverActionRoutes(scope, ctx);
  serverMetadataRoutes(scope, ctx);
  serverTagRoutes(scope, ctx);
  instanceActionRoutes(scope, ctx);
  ipRoutes(scope, ctx);
  serverGroupRoutes(scope, ctx);
  serverExternalEventRoutes(scope, ctx);
  serverExtraRoutes(scope, ctx);
  availabilityZoneRoutes(scope, ctx);
  aggregateRoutes(scope, ctx);
  hostRoutes(scope, ctx);
  hypervisorRoutes(scope, ctx);
  computeServiceRoutes(scope, ctx);
  quotaSetRoutes(scope, ctx);
  limitRoutes(scope, ctx);
  usageRoutes(scope, ctx);
  extensionRoutes(scope, ctx);
}
