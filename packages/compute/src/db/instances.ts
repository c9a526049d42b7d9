// Queries on compute_instances: lookups, the filtered list, compare-and-set updates and soft deletion.
import type { ComputeDb, InstanceRow, VmState } from './tables.js';

/** An instance by id; deleted ones only when asked (admins may show deleted servers, as in Nova). */
export function findInstance(
  db: ComputeDb,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<InstanceRow | undefined> {
  let query = db.selectFrom('compute_instances').selectAll().where('id', '=', id);
  if (!options.includeDeleted) query = query.where('deleted', '=', 0);
  return query.executeTakeFirst();
}

/** The filters SQL can apply; regex filters (name, ip …) are applied by the domain on the result. */
export interface InstanceFilters {
  projectId?: string;
  userId?: string;
  /** true: only deleted rows, false: only live rows, undefined: both. */
  deleted?: boolean;
  ids?: string[];
  hosts?: string[];
  vmStates?: string[];
  taskStates?: (string | null)[];
  reservationId?: string;
  imageId?: string;
  /** Rows updated at or after this ISO time. */
  changesSince?: string;
  /** Rows updated at or before this ISO time. */
  changesBefore?: string;
}

/** Instances matching the filters, newest first (Nova's default sort: created_at desc, then id desc). */
export function listInstances(db: ComputeDb, filters: InstanceFilters): Promise<InstanceRow[]> {
  let query = db.selectFrom('compute_instances').selectAll();
  if (filters.projectId !== undefined) query = query.where('project_id', '=', filters.projectId);
  if (filters.userId !== undefined) query = query.where('user_id', '=', filters.userId);
  if (filters.deleted !== undefined) query = query.where('deleted', '=', filters.deleted ? 1 : 0);
  if (filters.ids !== undefined) {
    if (filters.ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', filters.ids);
  }
  if (filters.hosts !== undefined) {
    if (filters.hosts.length === 0) return Promise.resolve([]);
    query = query.where('host', 'in', filters.hosts);
  }
  if (filters.vmStates !== undefined) {
    if (filters.vmStates.length === 0) return Promise.resolve([]);
    query = query.where('vm_state', 'in', filters.vmStates as VmState[]);
  }
  if (filters.taskStates !== undefined) {
    const states = filters.taskStates.filter((s): s is string => s !== null);
    const withNull = filters.taskStates.includes(null);
    query = query.where((eb) =>
      eb.or([
        ...(states.length > 0 ? [eb('task_state', 'in', states)] : []),
        ...(withNull ? [eb('task_state', 'is', null)] : []),
        ...(states.length === 0 && !withNull ? [eb.lit(false)] : []),
      ]),
    );
  }
  if (filters.reservationId !== undefined) query = query.where('reservation_id', '=', filters.reservationId);
  if (filters.imageId !== undefined) query = query.where('image_id', '=', filters.imageId);
  if (filters.changesSince !== undefined) query = query.where('updated_at', '>=', filters.changesSince);
  if (filters.changesBefore !== undefined) query = query.where('updated_at', '<=', filters.changesBefore);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Inserts the instances of one create request together. */
export async function insertInstances(db: ComputeDb, rows: InstanceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('compute_instances').values(rows).execute();
}

/** What an instance must still look like for a compare-and-set update to apply. */
export interface InstanceExpectation {
  vmStates?: VmState[];
  /** Allowed task states; null is "no task". */
  taskStates?: (string | null)[];
}

/**
 * Updates a live instance, only while it still matches `expect` (Nova's `instance.save(expected_task_state=…)`,
 * so two requests cannot both start a task). Returns whether a row changed.
 */
export async function updateInstance(
  db: ComputeDb,
  id: string,
  changes: Partial<Omit<InstanceRow, 'id'>>,
  expect: InstanceExpectation = {},
): Promise<boolean> {
  let query = db.updateTable('compute_instances').set(changes).where('id', '=', id).where('deleted', '=', 0);
  if (expect.vmStates !== undefined) query = query.where('vm_state', 'in', expect.vmStates);
  if (expect.taskStates !== undefined) {
    const states = expect.taskStates.filter((s): s is string => s !== null);
    const withNull = expect.taskStates.includes(null);
    query = query.where((eb) =>
      eb.or([
        ...(states.length > 0 ? [eb('task_state', 'in', states)] : []),
        ...(withNull ? [eb('task_state', 'is', null)] : []),
      ]),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Soft-deletes an instance (Nova keeps the row with deleted = 1) and drops its metadata, tags and group membership. */
export async function markInstanceDeleted(db: ComputeDb, id: string, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('compute_instances')
      .set({
        deleted: 1,
        deleted_at: now,
        terminated_at: now,
        updated_at: now,
        vm_state: 'deleted',
        task_state: null,
        power_state: 0,
      })
      .where('id', '=', id)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    await trx.deleteFrom('compute_instance_tags').where('instance_id', '=', id).execute();
    await trx.deleteFrom('compute_server_group_members').where('instance_id', '=', id).execute();
    return Number(result.numUpdatedRows) > 0;
  });
}

/** Only what quota counting needs of a project's live servers (a full row carries request specs and user data). */
export function listInstanceSizes(
  db: ComputeDb,
  projectId: string,
): Promise<Pick<InstanceRow, 'flavor' | 'old_flavor' | 'vm_state'>[]> {
  return db
    .selectFrom('compute_instances')
    .select(['flavor', 'old_flavor', 'vm_state'])
    .where('project_id', '=', projectId)
    .where('deleted', '=', 0)
    .execute();
}
