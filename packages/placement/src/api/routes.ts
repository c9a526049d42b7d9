// Placement's one route table (placement/handler.py ROUTE_DECLARATIONS): every URL, its methods and handlers.
import { HttpError } from '@nubo/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { PlacementContext } from '../context.js';
import { aggregateHandlers } from './aggregates.js';
import { allocationCandidateHandlers } from './allocation-candidates.js';
import { allocationHandlers } from './allocations.js';
import { negotiateVersion, requireContentType } from './common.js';
import { completeFault } from './faults.js';
import { inventoryHandlers } from './inventories.js';
import { resourceClassHandlers } from './resource-classes.js';
import { resourceProviderHandlers } from './resource-providers.js';
import { home } from './root.js';
import { traitHandlers } from './traits.js';
import { usageHandlers } from './usages.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

interface Route {
  path: string;
  methods: Partial<Record<Method, Handler>>;
  /** The version document needs no token (Placement's auth middleware skips the root). */
  public?: boolean;
}

/** Methods that get Placement's 405 (with an Allow header) on a URL that does not declare them. */
const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];

/** Registers every route (and its 405 twin), the microversion hook and the fault completion on `scope`. */
export function placementRoutes(scope: FastifyInstance, ctx: PlacementContext): void {
  const providers = resourceProviderHandlers(ctx);
  const inventories = inventoryHandlers(ctx);
  const aggregates = aggregateHandlers(ctx);
  const traits = traitHandlers(ctx);
  const classes = resourceClassHandlers(ctx);
  const allocations = allocationHandlers(ctx);
  const usages = usageHandlers(ctx);
  const candidates = allocationCandidateHandlers(ctx);
  const table: Route[] = [
    { path: '/', methods: { GET: home }, public: true },
    { path: '/resource_classes', methods: { GET: classes.list, POST: classes.create } },
    {
      path: '/resource_classes/:name',
      methods: { GET: classes.show, PUT: classes.update, DELETE: classes.delete },
    },
    { path: '/resource_providers', methods: { GET: providers.list, POST: providers.create } },
    {
      path: '/resource_providers/:uuid',
      methods: { GET: providers.show, PUT: providers.update, DELETE: providers.delete },
    },
    {
      path: '/resource_providers/:uuid/inventories',
      methods: {
        GET: inventories.list,
        POST: inventories.create,
        PUT: inventories.replace,
        DELETE: inventories.deleteAll,
      },
    },
    {
      path: '/resource_providers/:uuid/inventories/:resource_class',
      methods: { GET: inventories.show, PUT: inventories.update, DELETE: inventories.delete },
    },
    { path: '/resource_providers/:uuid/usages', methods: { GET: usages.forProvider } },
    { path: '/resource_providers/:uuid/aggregates', methods: { GET: aggregates.list, PUT: aggregates.update } },
    { path: '/resource_providers/:uuid/allocations', methods: { GET: allocations.listForProvider } },
    { path: '/allocations', methods: { POST: allocations.post } },
    {
      path: '/allocations/:consumer_uuid',
      methods: { GET: allocations.show, PUT: allocations.put, DELETE: allocations.delete },
    },
    { path: '/allocation_candidates', methods: { GET: candidates.list } },
    { path: '/traits', methods: { GET: traits.list } },
    { path: '/traits/:name', methods: { GET: traits.show, PUT: traits.put, DELETE: traits.delete } },
    {
      path: '/resource_providers/:uuid/traits',
      methods: { GET: traits.listForProvider, PUT: traits.updateForProvider, DELETE: traits.deleteForProvider },
    },
    { path: '/usages', methods: { GET: usages.total } },
  ];

  scope.addHook('onRequest', negotiateVersion);
  scope.addHook('onRequest', requireContentType);
  scope.addHook('onSend', completeFault);
  for (const route of table) {
    const declared = Object.keys(route.methods) as Method[];
    for (const method of declared) {
      scope.route({ method, url: route.path, config: { public: route.public }, handler: route.methods[method]! });
    }
    // Fastify answers HEAD for every GET itself; the rest is a 405 naming the methods that exist.
    const others = ALL_METHODS.filter((m) => !declared.includes(m as Method) && !(m === 'HEAD' && route.methods.GET));
    const allow = declared.join(', ');
    scope.route({
      method: others,
      url: route.path,
      config: { public: route.public },
      handler: async (request) => {
        throw new HttpError(
          405,
          'Method Not Allowed',
          `The method ${request.method} is not allowed for this resource.`,
          {
            allow,
          },
        );
      },
    });
  }
}
