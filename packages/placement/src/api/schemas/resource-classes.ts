// Request bodies of /resource_classes (placement/schemas/resource_class.py).
import { Type } from 'typebox';
import { CUSTOM_PATTERN } from './common.js';

/** POST /resource_classes, and PUT /resource_classes/{name} before 1.7 (the new name). */
export const resourceClassBody = Type.Object(
  { name: Type.String({ pattern: CUSTOM_PATTERN, maxLength: 255 }) },
  { additionalProperties: false },
);
