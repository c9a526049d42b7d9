// Queries on identity_projects and identity_project_tags.
import type { IdentityDb, ProjectRow } from './tables.js';

export function findProject(db: IdentityDb, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('identity_projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProjectByName(db: IdentityDb, domainId: string, name: string): Promise<ProjectRow | undefined> {
  return db
    .selectFrom('identity_projects')
    .selectAll()
    .where('domain_id', '=', domainId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export interface ProjectFilters {
  name?: string;
  domainId?: string;
  /** A domain id matches top-level projects of that domain (their parent is the domain). */
  parentId?: string;
  enabled?: boolean;
  ids?: string[];
}

export function listProjects(db: IdentityDb, filters: ProjectFilters): Promise<ProjectRow[]> {
  let query = db.selectFrom('identity_projects').selectAll().orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.domainId !== undefined) query = query.where('domain_id', '=', filters.domainId);
  if (filters.enabled !== undefined) query = query.where('enabled', '=', filters.enabled ? 1 : 0);
  if (filters.ids !== undefined) {
    if (filters.ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', filters.ids);
  }
  if (filters.parentId !== undefined) {
    const parentId = filters.parentId;
    query = query.where((eb) =>
      eb.or([eb('parent_id', '=', parentId), eb.and([eb('parent_id', 'is', null), eb('domain_id', '=', parentId)])]),
    );
  }
  return query.execute();
}

export async function listChildIds(db: IdentityDb, parentId: string): Promise<string[]> {
  const rows = await db.selectFrom('identity_projects').select('id').where('parent_id', '=', parentId).execute();
  return rows.map((r) => r.id);
}

export async function insertProject(db: IdentityDb, row: ProjectRow): Promise<void> {
  await db.insertInto('identity_projects').values(row).execute();
}

export async function updateProject(
  db: IdentityDb,
  id: string,
  changes: Partial<Omit<ProjectRow, 'id'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_projects').set(changes).where('id', '=', id).execute();
}

export async function deleteProject(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_project_tags').where('project_id', '=', id).execute();
  await db.deleteFrom('identity_projects').where('id', '=', id).execute();
}

export async function listProjectTags(db: IdentityDb, projectIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  if (projectIds.length === 0) return tags;
  const rows = await db
    .selectFrom('identity_project_tags')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .orderBy('name')
    .execute();
  for (const row of rows) tags.set(row.project_id, [...(tags.get(row.project_id) ?? []), row.name]);
  return tags;
}

export async function replaceProjectTags(db: IdentityDb, projectId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('identity_project_tags').where('project_id', '=', projectId).execute();
  if (tags.length > 0) {
    await db
      .insertInto('identity_project_tags')
      .values([...new Set(tags)].map((name) => ({ project_id: projectId, name })))
      .execute();
  }
}
