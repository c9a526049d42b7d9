// Request bodies of /v3/users (keystone/identity/schema.py: user_create_request, user_update_request, password_change).
import { Type } from 'typebox';
import { description, enabled, idString, name255, nullableId } from './common.js';

const nullableBool = Type.Union([Type.Boolean(), Type.Null()]);

/** The user options Keystone registers (identity/backends/resource_options.py); null removes an option. */
const options = Type.Object(
  {
    ignore_change_password_upon_first_use: nullableBool,
    ignore_password_expiry: nullableBool,
    ignore_lockout_failure_attempts: nullableBool,
    lock_password: nullableBool,
    ignore_user_inactivity: nullableBool,
    multi_factor_auth_rules: Type.Union([
      Type.Array(Type.Array(Type.String(), { minItems: 1, uniqueItems: true }), { uniqueItems: true }),
      Type.Null(),
    ]),
    multi_factor_auth_enabled: nullableBool,
  },
  { required: [], additionalProperties: false },
);

const federated = Type.Array(
  Type.Object(
    {
      idp_id: Type.String(),
      protocols: Type.Array(Type.Object({ protocol_id: Type.String(), unique_id: Type.String() }), { minItems: 1 }),
    },
    { required: ['idp_id', 'protocols'] },
  ),
);

const properties = {
  name: name255,
  domain_id: idString,
  enabled,
  default_project_id: nullableId,
  description,
  password: Type.Union([Type.String(), Type.Null()]),
  options,
  federated,
};

/** POST /v3/users: `name` is required; other attributes are kept as extras. */
export const userCreateBody = Type.Object(
  { user: Type.Object(properties, { required: ['name'], additionalProperties: true }) },
  { required: ['user'], additionalProperties: false },
);

/** PATCH /v3/users/{user_id}: at least one attribute. */
export const userUpdateBody = Type.Object(
  { user: Type.Object(properties, { required: [], minProperties: 1, additionalProperties: true }) },
  { required: ['user'], additionalProperties: false },
);

/** POST /v3/users/{user_id}/password; only the `user` member is validated, as in Keystone. */
export const passwordChangeBody = Type.Object(
  {
    user: Type.Object(
      { original_password: Type.String(), password: Type.String() },
      { required: ['original_password', 'password'], additionalProperties: false },
    ),
  },
  { required: ['user'] },
);
