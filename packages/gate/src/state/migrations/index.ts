// The scheduler's queue-state migrations (package `gate_queue`), a static list so the bundled CLI carries them.
import type { MigrationList } from '@nubo/core';
import { queueState } from './0001_queue_state.js';

export const queueMigrations: MigrationList = {
  '0001_queue_state': queueState,
};
