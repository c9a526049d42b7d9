// Queries on image_members: the projects an image is shared with and their acceptance status.
import type { ImageDb, ImageMemberRow } from './tables.js';

/** One project's membership of an image. */
export function findMember(db: ImageDb, imageId: string, member: string): Promise<ImageMemberRow | undefined> {
  return db
    .selectFrom('image_members')
    .selectAll()
    .where('image_id', '=', imageId)
    .where('member', '=', member)
    .executeTakeFirst();
}

/** The members of an image; with `onlyMember`, just that project's own membership (what a non-owner may see). */
export function listMembers(db: ImageDb, imageId: string, onlyMember?: string): Promise<ImageMemberRow[]> {
  let query = db.selectFrom('image_members').selectAll().where('image_id', '=', imageId);
  if (onlyMember !== undefined) query = query.where('member', '=', onlyMember);
  return query.orderBy('created_at').orderBy('member').execute();
}

/** How many projects an image is offered to (the member quota counts these). */
export async function countMembers(db: ImageDb, imageId: string): Promise<number> {
  const row = await db
    .selectFrom('image_members')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('image_id', '=', imageId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records a new membership. */
export async function insertMember(db: ImageDb, row: ImageMemberRow): Promise<void> {
  await db.insertInto('image_members').values(row).execute();
}

/** Sets a membership's status and its updated_at. */
export async function updateMemberStatus(
  db: ImageDb,
  imageId: string,
  member: string,
  status: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('image_members')
    .set({ status, updated_at: now })
    .where('image_id', '=', imageId)
    .where('member', '=', member)
    .execute();
}

/** Removes a membership. */
export async function deleteMember(db: ImageDb, imageId: string, member: string): Promise<void> {
  await db.deleteFrom('image_members').where('image_id', '=', imageId).where('member', '=', member).execute();
}
