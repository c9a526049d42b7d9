// Queries on gate_buildsets and their events for the REST API.
import type { BuildsetEventRow, BuildsetRow, GateDb } from './tables.js';

/** The filters of Zuul's `/buildsets` (each list is "any of"); `complete` false selects running buildsets. */
export interface BuildsetFilters {
  tenant: string;
  project?: string[];
  pipeline?: string[];
  change?: number[];
  patchset?: number[];
  ref?: string[];
  newrev?: string[];
  branch?: string[];
  uuid?: string[];
  result?: string[];
  complete?: boolean;
  limit: number;
  skip: number;
}

/** Buildsets matching the filters, newest first. */
export async function listBuildsets(db: GateDb, f: BuildsetFilters): Promise<BuildsetRow[]> {
  let q = db.selectFrom('gate_buildsets').selectAll().where('tenant', '=', f.tenant);
  if (f.project) q = q.where('project', 'in', nonEmpty(f.project));
  if (f.pipeline) q = q.where('pipeline', 'in', nonEmpty(f.pipeline));
  if (f.change) q = q.where('change', 'in', nonEmpty(f.change));
  if (f.patchset) q = q.where('patchset', 'in', nonEmpty(f.patchset));
  if (f.ref) q = q.where('ref', 'in', nonEmpty(f.ref));
  if (f.newrev) q = q.where('newrev', 'in', nonEmpty(f.newrev));
  if (f.branch) q = q.where('branch', 'in', nonEmpty(f.branch));
  if (f.uuid) q = q.where('uuid', 'in', nonEmpty(f.uuid));
  if (f.result) q = q.where('result', 'in', nonEmpty(f.result));
  if (f.complete === true) q = q.where('result', 'is not', null);
  if (f.complete === false) q = q.where('result', 'is', null);
  const rows = await q.orderBy('created_at', 'desc').orderBy('uuid', 'desc').limit(f.limit).offset(f.skip).execute();
  return rows.map(normalizeBuildset);
}

/** One buildset of the tenant, or undefined. */
export async function findBuildset(db: GateDb, tenant: string, uuid: string): Promise<BuildsetRow | undefined> {
  const row = await db
    .selectFrom('gate_buildsets')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  return row && normalizeBuildset(row);
}

/** A buildset's audit events, oldest first. */
export function eventsOfBuildset(db: GateDb, uuid: string): Promise<BuildsetEventRow[]> {
  return db
    .selectFrom('gate_buildset_events')
    .selectAll()
    .where('buildset_uuid', '=', uuid)
    .orderBy('event_time')
    .orderBy('id')
    .execute();
}

function nonEmpty<T>(values: T[]): T[] {
  return values.length > 0 ? values : ([null] as T[]);
}

function normalizeBuildset(r: BuildsetRow): BuildsetRow {
  return {
    ...r,
    change: r.change === null ? null : Number(r.change),
    patchset: r.patchset === null ? null : Number(r.patchset),
  };
}
