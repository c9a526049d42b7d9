// Request bodies and query strings of /traits and /resource_providers/{uuid}/traits (placement/schemas/trait.py).
import { Type } from 'typebox';
import { CUSTOM_PATTERN } from './common.js';

const trait = Type.String({ minLength: 1, maxLength: 255 });

/** The name in PUT /traits/{name}. */
export const customTrait = Type.String({ minLength: 1, maxLength: 255, pattern: CUSTOM_PATTERN });

/** PUT /resource_providers/{uuid}/traits. */
export const providerTraitsBody = Type.Object(
  { traits: Type.Array(trait), resource_provider_generation: Type.Integer() },
  { additionalProperties: false },
);

/** GET /traits query parameters. */
export const listTraitsQuery = Type.Object(
  { name: Type.Optional(Type.String()), associated: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
