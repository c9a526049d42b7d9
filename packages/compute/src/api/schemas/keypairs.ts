// Request bodies and query rules of /os-keypairs (nova/api/openstack/compute/schemas/keypairs.py).
import { Type } from 'typebox';
import type { QueryRules, VersionedSchema } from '../common.js';
import { NAME_PATTERN } from './parameter-types.js';

/** keypair_name_20: name characters limited to letters, digits, space, '_' and '-'. */
const name20 = Type.String({ minLength: 1, maxLength: 255, pattern: `(?=${NAME_PATTERN})^[a-zA-Z0-9 _-]+$` });
/** keypair_name_292: '@' and '.' allowed too. */
const name292 = Type.String({ minLength: 1, maxLength: 255, pattern: `(?=${NAME_PATTERN})^[a-zA-Z0-9 @._-]+$` });
const keyType = Type.String({ enum: ['ssh', 'x509'] });

function body(properties: Record<string, import('typebox').TSchema>, required: string[]) {
  return Type.Object(
    { keypair: Type.Object(properties, { required, additionalProperties: false }) },
    { required: ['keypair'], additionalProperties: false },
  );
}

/** POST /os-keypairs by microversion: type from 2.2, user_id from 2.10, public_key required from 2.92. */
export const keypairCreateBody: VersionedSchema[] = [
  { max: '2.1', schema: body({ name: name20, public_key: Type.String() }, ['name']) },
  { min: '2.2', max: '2.9', schema: body({ name: name20, type: keyType, public_key: Type.String() }, ['name']) },
  {
    min: '2.10',
    max: '2.91',
    schema: body({ name: name20, type: keyType, public_key: Type.String(), user_id: Type.String() }, ['name']),
  },
  {
    min: '2.92',
    schema: body({ name: name292, type: keyType, public_key: Type.String(), user_id: Type.String() }, [
      'name',
      'public_key',
    ]),
  },
];

/** GET /os-keypairs: user_id from 2.10, paging from 2.35, nothing else from 2.75. */
export function keypairListQuery(version: { atLeast(v: string): boolean }): QueryRules {
  const known = version.atLeast('2.35') ? ['user_id', 'limit', 'marker'] : version.atLeast('2.10') ? ['user_id'] : [];
  return { known, strictFrom: '2.75', integers: ['limit'] };
}

/** GET and DELETE /os-keypairs/{name}: user_id from 2.10, nothing else from 2.75. */
export function keypairItemQuery(version: { atLeast(v: string): boolean }): QueryRules {
  return { known: version.atLeast('2.10') ? ['user_id'] : [], strictFrom: '2.75' };
}
