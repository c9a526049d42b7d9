// Request schemas of /v3/regions, /v3/services and /v3/endpoints (keystone/catalog/schema.py).
import { Type } from 'typebox';
import { idParams } from './common.js';

const regionId = Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()]);
const regionDescription = Type.Union([Type.String({ maxLength: 255 }), Type.Null()]);

/** POST /v3/regions and PUT /v3/regions/{region_id}: nothing is required, and an empty id means "generate one". */
export const regionCreateBody = Type.Object(
  {
    region: Type.Object(
      {
        id: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
        description: regionDescription,
        parent_region_id: regionId,
      },
      { required: [], additionalProperties: true },
    ),
  },
  { required: ['region'] },
);

export const regionUpdateBody = Type.Object(
  {
    region: Type.Object(
      { id: regionId, description: regionDescription, parent_region_id: regionId },
      { required: [], additionalProperties: true, minProperties: 1 },
    ),
  },
  { required: ['region'], additionalProperties: false },
);

export const regionParams = idParams('region_id');

const serviceProperties = {
  type: Type.String({ minLength: 1, maxLength: 255 }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  enabled: Type.Boolean(),
};

export const serviceCreateBody = Type.Object(
  { service: Type.Object(serviceProperties, { required: ['type'], additionalProperties: true }) },
  { required: ['service'] },
);

export const serviceUpdateBody = Type.Object(
  { service: Type.Object(serviceProperties, { required: [], additionalProperties: true, minProperties: 1 }) },
  { required: ['service'] },
);

export const serviceParams = idParams('service_id');

const endpointInterface = Type.Union([Type.Literal('admin'), Type.Literal('internal'), Type.Literal('public')]);
const endpointProperties = {
  enabled: Type.Boolean(),
  interface: endpointInterface,
  region_id: Type.Union([Type.String(), Type.Null()]),
  /** Deprecated in v3.2 in favour of region_id; still accepted, and a region named only here is created. */
  region: Type.Union([Type.String(), Type.Null()]),
  service_id: Type.String(),
  url: Type.String({ maxLength: 225, pattern: '^[a-zA-Z0-9+.-]+:.+' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
};

export const endpointCreateBody = Type.Object(
  {
    endpoint: Type.Object(
      { id: Type.String(), ...endpointProperties },
      { required: ['interface', 'service_id', 'url'], additionalProperties: true },
    ),
  },
  { required: ['endpoint'], additionalProperties: false },
);

export const endpointUpdateBody = Type.Object(
  { endpoint: Type.Object(endpointProperties, { required: [], additionalProperties: true, minProperties: 1 }) },
  { required: ['endpoint'], additionalProperties: false },
);

/** GET /v3/endpoints: an unknown interface is a 400, other filters are free as in Keystone. */
export const endpointListQuery = Type.Object(
  { interface: endpointInterface, service_id: Type.String(), region_id: Type.String() },
  { required: [], additionalProperties: true },
);

export const endpointParams = idParams('endpoint_id');
