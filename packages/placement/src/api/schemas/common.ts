// Patterns and pieces the Placement schemas share (placement/schemas/common.py).
import { Type } from 'typebox';

/** The key pattern of a provider uuid in an allocations object: 36 characters of hex and dashes. */
export const UUID_PATTERN = '^[0-9a-fA-F-]{36}$';

/** oslo's is_uuid_like, which Placement's `format: uuid` checks: dashes and braces optional, any case. */
export const UUID_LIKE_PATTERN =
  '^(urn:uuid:)?\\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\}?$';

/** A resource class or trait name. */
export const RC_PATTERN = '^[A-Z0-9_]+$';
/** A custom resource class or trait name. */
export const CUSTOM_PATTERN = '^CUSTOM_[A-Z0-9_]+$';
/** A consumer type (1.38); `all` and `unknown` are also accepted as a GET /usages filter. */
export const CONSUMER_TYPE_PATTERN = '^[A-Z0-9_]+$';

/** The suffix of a granular request group before 1.33: a number. */
export const GROUP_SUFFIX = '[1-9][0-9]*';
/** The suffix of a granular request group from 1.33: up to 64 letters, digits, `_` and `-`. */
export const GROUP_SUFFIX_1_33 = '[a-zA-Z0-9_-]{1,64}';

/** A string in uuid form (`format: uuid` in Placement's schemas). */
export const uuidString = Type.String({ pattern: UUID_LIKE_PATTERN });

/** True when `text` passes oslo's is_uuid_like. */
export function isUuidLike(text: string): boolean {
  return new RegExp(UUID_LIKE_PATTERN).test(text);
}
