// A membership as Glance shows it (glance/api/v2/image_members.py ResponseSerializer).
import type { ImageMember } from '../../image-members.js';

/** The member body of GET/POST/PUT …/members[/{member_id}]. */
export function imageMemberView(member: ImageMember): Record<string, unknown> {
  return {
    member_id: member.member,
    image_id: member.image_id,
    status: member.status,
    created_at: member.created_at,
    updated_at: member.updated_at,
    schema: '/v2/schemas/member',
  };
}
