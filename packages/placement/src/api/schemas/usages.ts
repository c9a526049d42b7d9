// Query strings of GET /usages (placement/schemas/usage.py).
import { Type } from 'typebox';
import { CONSUMER_TYPE_PATTERN } from './common.js';

const id = Type.String({ minLength: 1, maxLength: 255 });
const v1_9 = { project_id: id, user_id: Type.Optional(id) };

/** GET /usages query parameters, by microversion. */
export const usagesQuery = {
  '1.9': Type.Object(v1_9, { additionalProperties: false }),
  '1.38': Type.Object(
    {
      ...v1_9,
      consumer_type: Type.Optional(
        Type.String({ pattern: `${CONSUMER_TYPE_PATTERN}|^all$|^unknown$`, minLength: 1, maxLength: 255 }),
      ),
    },
    { additionalProperties: false },
  ),
};
