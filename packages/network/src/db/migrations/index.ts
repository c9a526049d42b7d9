// Neutron's migrations in apply order (a static list, so the bundled CLI carries them).
import type { MigrationList } from '@nubo/core';
import { initial } from './0001_initial.js';

/** Every Networking migration, by name. */
export const networkMigrations: MigrationList = {
  '0001_initial': initial,
};
