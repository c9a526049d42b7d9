// Queries on review_projects.
import type { ProjectRow, ReviewDb } from './tables.js';

/** The project of that name. */
export function findProject(db: ReviewDb, name: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('review_projects').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every project, by name. */
export function listProjects(db: ReviewDb): Promise<ProjectRow[]> {
  return db.selectFrom('review_projects').selectAll().orderBy('name').execute();
}

/** Adds a project (a duplicate name is a unique violation). */
export async function insertProject(db: ReviewDb, row: ProjectRow): Promise<void> {
  await db.insertInto('review_projects').values(row).execute();
}

/** Changes a project's settings. */
export async function updateProject(
  db: ReviewDb,
  name: string,
  values: Partial<Pick<ProjectRow, 'description' | 'state' | 'submit_type'>>,
): Promise<void> {
  await db.updateTable('review_projects').set(values).where('name', '=', name).execute();
}

/** Removes a project's row (used to undo a create whose repository failed). */
export async function deleteProject(db: ReviewDb, name: string): Promise<void> {
  await db.deleteFrom('review_projects').where('name', '=', name).execute();
}
