// Request bodies of /v3/roles (Keystone's assignment/schema.py role_create / role_update).
import { Type } from 'typebox';
import { description, name255, nullableId, wrapped } from './common.js';

/** Keystone's role options registry: `immutable` only. */
const options = Type.Object(
  { immutable: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])) },
  { additionalProperties: false },
);

const properties = { name: name255, description, domain_id: nullableId, options };

export const roleCreateBody = wrapped('role', properties, ['name']);
export const roleUpdateBody = wrapped('role', properties);
