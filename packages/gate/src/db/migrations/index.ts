// The gate's builds-database migrations in apply order (a static list, so the bundled CLI carries them).
import type { MigrationList } from '@nubo/core';
import { builds } from './0001_builds.js';

/** Every gate migration, by name. */
export const gateMigrations: MigrationList = {
  '0001_builds': builds,
};
