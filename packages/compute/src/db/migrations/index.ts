// Compute's migrations in apply order (a static list, so the bundled CLI carries them).
import type { MigrationList } from '@nubo/core';
import { initial } from './0001_initial.js';
import { keypairIds } from './0002_keypair_ids.js';

export const computeMigrations: MigrationList = {
  '0001_initial': initial,
  '0002_keypair_ids': keypairIds,
};
