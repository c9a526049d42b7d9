// Neutron's migrations in apply order (a static list, so the bundled CLI carries them).
import type { MigrationList } from '@nubo/core';
import { initial } from './0001_initial.js';
import { routerRoutes } from './0002_router_routes.js';

/** Every Networking migration, by name. */
export const networkMigrations: MigrationList = {
  '0001_initial': initial,
  '0002_router_routes': routerRoutes,
};
