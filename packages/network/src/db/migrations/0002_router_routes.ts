// Routers gain `routes` (the extraroute extension): a JSON list of {destination, nexthop}.
import type { Kysely, Migration } from 'kysely';

/** Adds neutron_routers.routes, '[]' for routers made before. */
export const routerRoutes: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('neutron_routers')
      .addColumn('routes', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
