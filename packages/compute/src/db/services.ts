// Queries on compute_services as the engine writes them: registration of its services and their heartbeat
// (Nova's service record and the DB servicegroup driver's report_state).
import { newUuid } from '@nubo/core';
import type { ComputeDb, ServiceRow } from './tables.js';

/** A service the engine runs: nova-compute per host, nova-conductor and nova-scheduler once. */
export interface ServiceIdentity {
  host: string;
  binary: string;
  topic: string;
}

/**
 * Creates the rows that do not exist yet (ids max + 1 in one transaction) and returns every row, existing ones
 * untouched (an admin's disabled or forced-down flags survive restarts, as in Nova).
 */
export async function registerServices(db: ComputeDb, services: ServiceIdentity[]): Promise<ServiceRow[]> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('compute_services').selectAll().execute();
    const key = (s: { host: string; binary: string }) => `${s.binary}\u0000${s.host}`;
    const byKey = new Map(existing.map((r) => [key(r), r]));
    let nextId = existing.reduce((max, r) => Math.max(max, Number(r.id)), 0) + 1;
    const now = new Date().toISOString();
    const fresh: ServiceRow[] = [];
    for (const service of services) {
      if (byKey.has(key(service))) continue;
      const row: ServiceRow = {
        id: nextId++,
        uuid: newUuid(),
        host: service.host,
        binary: service.binary,
        topic: service.topic,
        disabled: 0,
        disabled_reason: null,
        forced_down: 0,
        last_seen_up: now,
        created_at: now,
        updated_at: now,
      };
      fresh.push(row);
      byKey.set(key(row), row);
    }
    for (let i = 0; i < fresh.length; i += 100) {
      await trx
        .insertInto('compute_services')
        .values(fresh.slice(i, i + 100))
        .execute();
    }
    return services.map((s) => byKey.get(key(s))!);
  });
}

/** Marks services as heard from now (Nova's report_state); one statement for all of them. */
export async function heartbeatServices(db: ComputeDb, ids: number[], now = new Date().toISOString()): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('compute_services')
      .set({ last_seen_up: now })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** The nova-compute service rows (for the scheduler's ComputeFilter). */
export function listComputeServices(db: ComputeDb): Promise<ServiceRow[]> {
  return db.selectFrom('compute_services').selectAll().where('binary', '=', 'nova-compute').execute();
}
