// Review's migrations in apply order (a static list, so the bundled CLI carries them).
import type { MigrationList } from '@nubo/core';
import { initial } from './0001_initial.js';

/** The review migrations by name, in apply order. */
export const reviewMigrations: MigrationList = {
  '0001_initial': initial,
};
