// Request schemas of /v3/users/{user_id}/application_credentials (keystone/application_credential/schema.py).
import { Type } from 'typebox';
import { idParams, idString, name255 } from './common.js';

const accessRule = Type.Object(
  {
    id: idString,
    path: Type.String({ maxLength: 225, pattern: '^/' }),
    service: idString,
    method: Type.Union(['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'].map((m) => Type.Literal(m))),
  },
  { required: [] },
);

/** A role named by id or by name, exactly one of the two. */
const roleRef = Type.Object(
  { id: idString, name: name255 },
  { required: [], minProperties: 1, maxProperties: 1, additionalProperties: false },
);

/** POST: unlike most Keystone bodies, unknown attributes are refused here. */
export const applicationCredentialCreateBody = Type.Object(
  {
    application_credential: Type.Object(
      {
        id: Type.String(),
        name: name255,
        secret: Type.Union([Type.String(), Type.Null()]),
        description: Type.Union([Type.String(), Type.Null()]),
        expires_at: Type.Union([Type.String(), Type.Null()]),
        project_id: Type.String(),
        roles: Type.Array(roleRef),
        access_rules: Type.Array(accessRule),
        unrestricted: Type.Union([Type.Boolean(), Type.Null()]),
        system: Type.Union([Type.String(), Type.Null()]),
      },
      { required: ['name'], additionalProperties: false },
    ),
  },
  { required: ['application_credential'], additionalProperties: false },
);

export const applicationCredentialsParams = idParams('user_id');
export const applicationCredentialParams = idParams('user_id', 'application_credential_id');
