// Glance's member schemas, served at /v2/schemas/member and /v2/schemas/members (their `minimal()` forms).
import type { JsonSchema } from './json-schema.js';

/** The statuses a membership may have (glance.domain.ImageMembership). */
export const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;

const memberProperties: Record<string, JsonSchema> = {
  member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
  image_id: {
    type: 'string',
    description: 'An identifier for the image',
    pattern: '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
  },
  created_at: { type: 'string', description: 'Date and time of image member creation' },
  updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
  status: { type: 'string', description: 'The status of this image member', enum: [...MEMBER_STATUSES] },
  schema: { readOnly: true, type: 'string' },
};

/** Schema('member').minimal(). */
export const memberSchema: JsonSchema = { name: 'member', properties: memberProperties };

/** CollectionSchema('members', member schema).minimal(). */
export const membersSchema: JsonSchema = {
  name: 'members',
  properties: {
    members: { type: 'array', items: memberSchema },
    schema: { type: 'string' },
  },
  links: [{ rel: 'describedby', href: '{schema}' }],
};
