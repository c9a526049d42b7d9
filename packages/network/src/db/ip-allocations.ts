// Queries on neutron_ip_allocations: the addresses ports hold. The primary key arbitrates concurrent allocations.
import type { DialectName } from '@nubo/core';
import type { IpAllocationRow, NetworkQueryable } from './tables.js';

/** The addresses taken in a subnet. */
export async function selectTakenAddresses(db: NetworkQueryable, subnetId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('neutron_ip_allocations')
    .select('ip_address')
    .where('subnet_id', '=', subnetId)
    .execute();
  return new Set(rows.map((r) => r.ip_address));
}

/**
 * Claims one address; false when another port holds it already (or won a race for it). The insert never raises
 * a unique violation, so an enclosing PostgreSQL transaction stays usable: ON CONFLICT DO NOTHING on PostgreSQL
 * and SQLite, INSERT IGNORE on MariaDB. Both wait for a concurrent uncommitted claim of the same key to settle.
 */
export async function claimAddress(db: NetworkQueryable, dialect: DialectName, row: IpAllocationRow): Promise<boolean> {
  const insert = db.insertInto('neutron_ip_allocations').values(row);
  const result =
    dialect === 'mysql'
      ? await insert.ignore().executeTakeFirst()
      : await insert.onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function selectAllocationsOfPorts(db: NetworkQueryable, portIds: string[]): Promise<IpAllocationRow[]> {
  if (portIds.length === 0) return [];
  return db
    .selectFrom('neutron_ip_allocations')
    .selectAll()
    .where('port_id', 'in', portIds)
    .orderBy('position')
    .execute();
}

export async function selectAllocationsOfSubnet(db: NetworkQueryable, subnetId: string): Promise<IpAllocationRow[]> {
  return db.selectFrom('neutron_ip_allocations').selectAll().where('subnet_id', '=', subnetId).execute();
}

export async function deleteAllocationsOfPort(db: NetworkQueryable, portId: string): Promise<void> {
  await db.deleteFrom('neutron_ip_allocations').where('port_id', '=', portId).execute();
}

/** Frees one address. */
export async function deleteAllocation(db: NetworkQueryable, subnetId: string, ipAddress: string): Promise<void> {
  await db
    .deleteFrom('neutron_ip_allocations')
    .where('subnet_id', '=', subnetId)
    .where('ip_address', '=', ipAddress)
    .execute();
}
