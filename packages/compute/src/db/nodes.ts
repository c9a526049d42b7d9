// Queries on compute_nodes: what each host's driver reports, kept by hypervisor_hostname with a stable uuid (the
// uuid of its Placement resource provider too).
import { newUuid } from '@nubo/core';
import type { ComputeDb, ComputeNodeRow } from './tables.js';

/** A node as the agent reports it (the row without id, uuid and timestamps). */
export type NodeReport = Omit<ComputeNodeRow, 'id' | 'uuid' | 'created_at' | 'updated_at'>;

/**
 * Inserts or updates the nodes (by hypervisor_hostname) in one transaction and returns their rows; a node keeps its
 * id and uuid across restarts and size changes.
 */
export async function upsertComputeNodes(db: ComputeDb, reports: NodeReport[]): Promise<ComputeNodeRow[]> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('compute_nodes').selectAll().execute();
    const byName = new Map(existing.map((r) => [r.hypervisor_hostname, r]));
    let nextId = existing.reduce((max, r) => Math.max(max, Number(r.id)), 0) + 1;
    const now = new Date().toISOString();
    const fresh: ComputeNodeRow[] = [];
    const out: ComputeNodeRow[] = [];
    for (const report of reports) {
      const row = byName.get(report.hypervisor_hostname);
      if (!row) {
        const created: ComputeNodeRow = { ...report, id: nextId++, uuid: newUuid(), created_at: now, updated_at: null };
        fresh.push(created);
        out.push(created);
        continue;
      }
      const changed = (Object.keys(report) as (keyof NodeReport)[]).some((k) => row[k] !== report[k]);
      if (changed) {
        await trx
          .updateTable('compute_nodes')
          .set({ ...report, updated_at: now })
          .where('id', '=', row.id)
          .execute();
      }
      out.push({ ...row, ...report });
    }
    for (let i = 0; i < fresh.length; i += 100) {
      await trx
        .insertInto('compute_nodes')
        .values(fresh.slice(i, i + 100))
        .execute();
    }
    return out;
  });
}

/** Every compute node. */
export function listComputeNodes(db: ComputeDb): Promise<ComputeNodeRow[]> {
  return db.selectFrom('compute_nodes').selectAll().orderBy('id').execute();
}
