// Request bodies of /v3/groups (keystone/identity/schema.py: group_create_request_body, group_update_request_body).
import { Type } from 'typebox';
import { description, idString, name255 } from './common.js';

/** POST /v3/groups: `name` is required; other attributes are kept as extras. */
export const groupCreateBody = Type.Object(
  {
    group: Type.Object(
      { name: name255, domain_id: idString, description },
      { required: ['name'], additionalProperties: true },
    ),
  },
  { required: ['group'], additionalProperties: false },
);

/** PATCH /v3/groups/{group_id}: at least one attribute; a different domain_id is refused by the domain layer. */
export const groupUpdateBody = Type.Object(
  {
    group: Type.Object({ name: name255, description }, { required: [], minProperties: 1, additionalProperties: true }),
  },
  { required: ['group'], additionalProperties: false },
);
