// Queries on gate_builds (joined with their buildsets) for the REST API and the status page's estimates.
import { fromDbJson } from '@nubo/core';
import type { BuildsetFilters } from './buildsets.js';
import type { ArtifactRow, BuildRow, BuildsetRow, GateDb } from './tables.js';

/** A build with the buildset it belongs to. */
export interface BuildWithBuildset {
  build: BuildRow;
  buildset: BuildsetRow;
  artifacts: ArtifactRow[];
}

/** The filters of Zuul's `/builds` (each list is "any of"); `complete` false selects running builds. */
export interface BuildFilters extends BuildsetFilters {
  jobName?: string[];
  voting?: boolean;
  final?: boolean;
  held?: boolean;
}

const BUILDSET_COLUMNS = [
  'gate_buildsets.uuid as bs_uuid',
  'gate_buildsets.tenant as bs_tenant',
  'gate_buildsets.pipeline as bs_pipeline',
  'gate_buildsets.project as bs_project',
  'gate_buildsets.branch as bs_branch',
  'gate_buildsets.change as bs_change',
  'gate_buildsets.patchset as bs_patchset',
  'gate_buildsets.ref as bs_ref',
  'gate_buildsets.newrev as bs_newrev',
  'gate_buildsets.event_id as bs_event_id',
  'gate_buildsets.result as bs_result',
  'gate_buildsets.message as bs_message',
  'gate_buildsets.first_build_start as bs_first_build_start',
  'gate_buildsets.last_build_end as bs_last_build_end',
  'gate_buildsets.created_at as bs_created_at',
  'gate_buildsets.updated_at as bs_updated_at',
] as const;

/** Builds matching the filters, newest first, with their buildsets and artifacts. */
export async function listBuilds(db: GateDb, f: BuildFilters): Promise<BuildWithBuildset[]> {
  let q = db
    .selectFrom('gate_builds')
    .innerJoin('gate_buildsets', 'gate_buildsets.uuid', 'gate_builds.buildset_uuid')
    .selectAll('gate_builds')
    .select(BUILDSET_COLUMNS)
    .where('gate_buildsets.tenant', '=', f.tenant);
  if (f.project) q = q.where('gate_buildsets.project', 'in', nonEmpty(f.project));
  if (f.pipeline) q = q.where('gate_buildsets.pipeline', 'in', nonEmpty(f.pipeline));
  if (f.change) q = q.where('gate_buildsets.change', 'in', nonEmpty(f.change));
  if (f.patchset) q = q.where('gate_buildsets.patchset', 'in', nonEmpty(f.patchset));
  if (f.ref) q = q.where('gate_buildsets.ref', 'in', nonEmpty(f.ref));
  if (f.newrev) q = q.where('gate_buildsets.newrev', 'in', nonEmpty(f.newrev));
  if (f.branch) q = q.where('gate_buildsets.branch', 'in', nonEmpty(f.branch));
  if (f.uuid) q = q.where('gate_builds.uuid', 'in', nonEmpty(f.uuid));
  if (f.jobName) q = q.where('gate_builds.job_name', 'in', nonEmpty(f.jobName));
  if (f.result) q = q.where('gate_builds.result', 'in', nonEmpty(f.result));
  if (f.voting !== undefined) q = q.where('gate_builds.voting', '=', f.voting ? 1 : 0);
  if (f.final !== undefined) q = q.where('gate_builds.final', '=', f.final ? 1 : 0);
  if (f.held !== undefined) q = q.where('gate_builds.held', '=', f.held ? 1 : 0);
  if (f.complete === true) q = q.where('gate_builds.result', 'is not', null);
  if (f.complete === false) q = q.where('gate_builds.result', 'is', null);
  const rows = await q
    .orderBy('gate_builds.start_time', 'desc')
    .orderBy('gate_builds.uuid', 'desc')
    .limit(f.limit)
    .offset(f.skip)
    .execute();
  const artifacts = await artifactsOf(
    db,
    rows.map((r) => r.uuid),
  );
  return rows.map((r) => ({
    build: pickBuild(r),
    buildset: pickBuildset(r),
    artifacts: artifacts.get(r.uuid) ?? [],
  }));
}

/** The builds of one buildset (retried attempts included), oldest first, with their artifacts. */
export async function buildsOfBuildset(
  db: GateDb,
  buildsetUuid: string,
): Promise<{ build: BuildRow; artifacts: ArtifactRow[] }[]> {
  const rows = await db
    .selectFrom('gate_builds')
    .selectAll()
    .where('buildset_uuid', '=', buildsetUuid)
    .orderBy('start_time')
    .orderBy('uuid')
    .execute();
  const artifacts = await artifactsOf(
    db,
    rows.map((r) => r.uuid),
  );
  return rows.map((build) => ({ build: normalizeBuild(build), artifacts: artifacts.get(build.uuid) ?? [] }));
}

/** One build of the tenant with its buildset, or undefined. */
export async function findBuild(db: GateDb, tenant: string, uuid: string): Promise<BuildWithBuildset | undefined> {
  const [found] = await listBuilds(db, { tenant, uuid: [uuid], limit: 1, skip: 0 });
  return found;
}

/**
 * The expected duration of each named job in seconds: the mean of its last `sample` successful final builds in
 * the tenant (Zuul estimates from past successful runs the same way). Jobs never run successfully are absent.
 */
export async function estimatedDurations(
  db: GateDb,
  tenant: string,
  jobNames: readonly string[],
  sample = 10,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await Promise.all(
    [...new Set(jobNames)].map(async (job) => {
      const rows = await db
        .selectFrom('gate_builds')
        .innerJoin('gate_buildsets', 'gate_buildsets.uuid', 'gate_builds.buildset_uuid')
        .select('gate_builds.duration_ms')
        .where('gate_buildsets.tenant', '=', tenant)
        .where('gate_builds.job_name', '=', job)
        .where('gate_builds.result', '=', 'SUCCESS')
        .where('gate_builds.final', '=', 1)
        .where('gate_builds.duration_ms', 'is not', null)
        .orderBy('gate_builds.end_time', 'desc')
        .limit(sample)
        .execute();
      if (rows.length === 0) return;
      const total = rows.reduce((sum, r) => sum + Number(r.duration_ms), 0);
      out.set(job, total / rows.length / 1000);
    }),
  );
  return out;
}

/** Artifacts of the given builds, by build uuid, in the order the job returned them. */
async function artifactsOf(db: GateDb, uuids: string[]): Promise<Map<string, ArtifactRow[]>> {
  const map = new Map<string, ArtifactRow[]>();
  if (uuids.length === 0) return map;
  const rows = await db
    .selectFrom('gate_artifacts')
    .selectAll()
    .where('build_uuid', 'in', uuids)
    .orderBy('build_uuid')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const list = map.get(row.build_uuid) ?? [];
    list.push(row);
    map.set(row.build_uuid, list);
  }
  return map;
}

/** Node names of a build row. */
export function buildNodes(build: BuildRow): string[] {
  return fromDbJson<string[]>(build.nodes, []);
}

/** `in ()` is a syntax error on PostgreSQL and MariaDB: an empty filter list matches nothing instead. */
function nonEmpty<T>(values: T[]): T[] {
  return values.length > 0 ? values : ([null] as T[]);
}

// PostgreSQL returns integers of some columns as strings through aggregate paths; keep numbers numbers.
function normalizeBuild(b: BuildRow): BuildRow {
  return {
    ...b,
    voting: Number(b.voting),
    final: Number(b.final),
    held: Number(b.held),
    duration_ms: b.duration_ms === null ? null : Number(b.duration_ms),
  };
}

type JoinedRow = BuildRow & { [K in (typeof BUILDSET_COLUMNS)[number] as AliasOf<K>]: unknown };
type AliasOf<S extends string> = S extends `${string} as ${infer A}` ? A : never;

function pickBuild(r: JoinedRow): BuildRow {
  return normalizeBuild({
    uuid: r.uuid,
    buildset_uuid: r.buildset_uuid,
    job_name: r.job_name,
    result: r.result,
    voting: r.voting,
    nodes: r.nodes,
    start_time: r.start_time,
    end_time: r.end_time,
    duration_ms: r.duration_ms,
    log_url: r.log_url,
    error_detail: r.error_detail,
    final: r.final,
    held: r.held,
  });
}

function pickBuildset(r: JoinedRow): BuildsetRow {
  return {
    uuid: r.bs_uuid as string,
    tenant: r.bs_tenant as string,
    pipeline: r.bs_pipeline as string,
    project: r.bs_project as string,
    branch: r.bs_branch as string,
    change: r.bs_change === null ? null : Number(r.bs_change),
    patchset: r.bs_patchset === null ? null : Number(r.bs_patchset),
    ref: r.bs_ref as string,
    newrev: r.bs_newrev as string | null,
    event_id: r.bs_event_id as string | null,
    result: r.bs_result as string | null,
    message: r.bs_message as string | null,
    first_build_start: r.bs_first_build_start as string | null,
    last_build_end: r.bs_last_build_end as string | null,
    created_at: r.bs_created_at as string,
    updated_at: r.bs_updated_at as string,
  };
}
