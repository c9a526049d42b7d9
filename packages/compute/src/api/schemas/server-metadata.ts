// Request bodies of /servers/{id}/metadata (nova/api/openstack/compute/schemas/server_metadata.py).
import { Type } from 'typebox';
import { METADATA_KEY, metadata } from './parameter-types.js';

/** POST and PUT /servers/{id}/metadata. */
export const metadataBody = Type.Object({ metadata }, { required: ['metadata'], additionalProperties: false });

/** PUT /servers/{id}/metadata/{key}: exactly one item. */
export const metadataItemBody = Type.Object(
  {
    meta: Type.Object(
      {},
      {
        patternProperties: { [METADATA_KEY]: Type.String({ maxLength: 255 }) },
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
      },
    ),
  },
  { required: ['meta'], additionalProperties: false },
);
