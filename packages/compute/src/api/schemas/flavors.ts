// Request bodies and query rules of /flavors (nova/api/openstack/compute/schemas/flavor_manage.py, flavors.py).
import { Type } from 'typebox';
import type { QueryRules, VersionedSchema } from '../common.js';
import { boolean, flavorSize, name } from './parameter-types.js';

const PRINTABLE_TEXT = '^[^\\p{C}\\p{Zl}\\p{Zp}]*$';
/** A flavor description: up to 65535 printable characters, or null (2.55). */
const flavorDescription = Type.Union([Type.String({ maxLength: 65535, pattern: PRINTABLE_TEXT }), Type.Null()]);

const createProperties = {
  name,
  id: Type.Union([
    Type.String({ minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$' }),
    Type.Number(),
    Type.Null(),
  ]),
  ram: flavorSize(1),
  vcpus: flavorSize(1),
  disk: flavorSize(0),
  'OS-FLV-EXT-DATA:ephemeral': flavorSize(0),
  swap: flavorSize(0),
  rxtx_factor: Type.Union([
    Type.Number({ exclusiveMinimum: 0, maximum: 3.40282e38 }),
    Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$' }),
  ]),
  'os-flavor-access:is_public': boolean,
};

function createBody(withDescription: boolean) {
  return Type.Object(
    {
      flavor: Type.Object(
        withDescription ? { ...createProperties, description: flavorDescription } : createProperties,
        { required: ['name', 'ram', 'vcpus', 'disk'], additionalProperties: false },
      ),
    },
    { required: ['flavor'], additionalProperties: false },
  );
}

/** POST /flavors; `description` from 2.55. */
export const flavorCreateBody: VersionedSchema[] = [
  { max: '2.54', schema: createBody(false) },
  { min: '2.55', schema: createBody(true) },
];

/** PUT /flavors/{id} (2.55): only the description. */
export const flavorUpdateBody = Type.Object(
  {
    flavor: Type.Object({ description: flavorDescription }, { required: ['description'], additionalProperties: false }),
  },
  { required: ['flavor'], additionalProperties: false },
);

/** GET /flavors and /flavors/detail; unknown parameters are refused from 2.75. */
export const flavorListQuery: QueryRules = {
  known: ['limit', 'marker', 'is_public', 'minRam', 'minDisk', 'sort_key', 'sort_dir'],
  strictFrom: '2.75',
  enums: {
    sort_key: [
      'created_at',
      'description',
      'disabled',
      'ephemeral_gb',
      'flavorid',
      'id',
      'is_public',
      'memory_mb',
      'name',
      'root_gb',
      'rxtx_factor',
      'swap',
      'updated_at',
      'vcpu_weight',
      'vcpus',
    ],
    sort_dir: ['asc', 'desc'],
  },
  integers: ['limit'],
};

/** POST /flavors/{id}/os-extra_specs: string or number values. */
export const extraSpecsCreateBody = Type.Object(
  {
    extra_specs: Type.Object(
      {},
      {
        patternProperties: {
          '^[a-zA-Z0-9-_:. ]{1,255}$': Type.Union([Type.String({ maxLength: 255 }), Type.Number()]),
        },
        additionalProperties: false,
      },
    ),
  },
  { required: ['extra_specs'], additionalProperties: false },
);

/** PUT /flavors/{id}/os-extra_specs/{key}: exactly one item. */
export const extraSpecUpdateBody = Type.Object(
  {},
  {
    patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': Type.Union([Type.String({ maxLength: 255 }), Type.Number()]) },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
  },
);

function accessAction(action: string) {
  return Type.Object(
    {
      [action]: Type.Object(
        { tenant: Type.String({ minLength: 1, maxLength: 255 }) },
        { required: ['tenant'], additionalProperties: false },
      ),
    },
    { required: [action], additionalProperties: false },
  );
}

/** POST /flavors/{id}/action addTenantAccess. */
export const addTenantAccessBody = accessAction('addTenantAccess');
/** POST /flavors/{id}/action removeTenantAccess. */
export const removeTenantAccessBody = accessAction('removeTenantAccess');
