// Request bodies and query strings of /resource_providers (placement/schemas/resource_provider.py).
import { Type } from 'typebox';
import { uuidString } from './common.js';

const name = Type.String({ maxLength: 200 });
const parent = Type.Union([uuidString, Type.Null()]);
const closed = { additionalProperties: false } as const;

/** POST /resource_providers, by microversion. */
export const createProviderBody = {
  '1.0': Type.Object({ name, uuid: Type.Optional(uuidString) }, closed),
  '1.14': Type.Object({ name, uuid: Type.Optional(uuidString), parent_provider_uuid: Type.Optional(parent) }, closed),
};

/** PUT /resource_providers/{uuid}, by microversion. */
export const updateProviderBody = {
  '1.0': Type.Object({ name }, closed),
  '1.14': Type.Object({ name, parent_provider_uuid: Type.Optional(parent) }, closed),
};

const q = Type.Optional(Type.String());
const v1_0 = { name: q, uuid: Type.Optional(uuidString) };
const v1_3 = { ...v1_0, member_of: q };
const v1_4 = { ...v1_3, resources: q };
const v1_14 = { ...v1_4, in_tree: Type.Optional(uuidString) };

/** GET /resource_providers query parameters, by microversion. */
export const listProvidersQuery = {
  '1.0': Type.Object(v1_0, closed),
  '1.3': Type.Object(v1_3, closed),
  '1.4': Type.Object(v1_4, closed),
  '1.14': Type.Object(v1_14, closed),
  '1.18': Type.Object({ ...v1_14, required: q }, closed),
};
