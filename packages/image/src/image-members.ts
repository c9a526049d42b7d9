// Image members: the projects a shared image is offered to, and whether each accepted it.
import { BadRequest, Conflict, Forbidden, isUniqueViolation, NotFound } from '@nubo/core';
import type { ImageContext } from './context.js';
import * as q from './db/image-members.js';
import type { ImageMemberRow } from './db/tables.js';
import { type Caller, type ImageRecord, isoNow } from './images.js';
import { enforceMemberQuota } from './quotas.js';

/** A membership as Glance's domain holds it. */
export type ImageMember = ImageMemberRow;

/**
 * Members exist only on shared images (since Image API v2.5).
 *
 * @throws Forbidden otherwise; each handler words the 403 as Glance's controller does.
 */
export function assertShared(image: ImageRecord): void {
  if (image.visibility !== 'shared') throw new Forbidden('Only shared images have members.');
}

/** The memberships the caller may see: all of them for the owner or an admin, else only the caller's own. */
export function listImageMembers(ctx: ImageContext, image: ImageRecord, caller: Caller): Promise<ImageMember[]> {
  const mine = caller.isAdmin || (caller.projectId !== null && caller.projectId === image.owner);
  return q.listMembers(ctx.db, image.id, mine ? undefined : (caller.projectId ?? ''));
}

/**
 * One membership, if the caller may see it (its own, or any for the owner and admins).
 *
 * @throws NotFound with Glance's message otherwise.
 */
export async function getImageMember(
  ctx: ImageContext,
  image: ImageRecord,
  caller: Caller,
  memberId: string,
): Promise<ImageMember> {
  const visible = caller.isAdmin || caller.projectId === image.owner || caller.projectId === memberId;
  const row = visible ? await q.findMember(ctx.db, image.id, memberId) : undefined;
  if (!row) throw new NotFound(`${memberId} not found in the member list of the image ${image.id}.`);
  return row;
}

/**
 * Offers the image to project `memberId`, `pending` until that project accepts.
 *
 * @throws Conflict when it is already a member; PayloadTooLarge over the member quota.
 */
export async function addImageMember(ctx: ImageContext, image: ImageRecord, memberId: string): Promise<ImageMember> {
  const duplicate = new Conflict(`Member ${memberId} is duplicated for image ${image.id}`);
  if (await q.findMember(ctx.db, image.id, memberId)) throw duplicate;
  enforceMemberQuota(ctx, image.id, (await q.countMembers(ctx.db, image.id)) + 1);
  const now = isoNow();
  const row: ImageMember = {
    image_id: image.id,
    member: memberId,
    status: 'pending',
    created_at: now,
    updated_at: now,
  };
  try {
    await q.insertMember(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate;
    throw err;
  }
  return row;
}

/** Sets a membership's status (the member accepting or rejecting the image). */
export async function updateImageMember(ctx: ImageContext, member: ImageMember, status: unknown): Promise<ImageMember> {
  if (status !== 'pending' && status !== 'accepted' && status !== 'rejected') {
    throw new BadRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
  }
  const now = isoNow();
  await q.updateMemberStatus(ctx.db, member.image_id, member.member, status, now);
  return { ...member, status, updated_at: now };
}

/** Ends a membership: the project no longer sees the image. */
export async function removeImageMember(ctx: ImageContext, member: ImageMember): Promise<void> {
  await q.deleteMember(ctx.db, member.image_id, member.member);
}
