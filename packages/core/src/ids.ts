// Identifiers in OpenStack's shapes.
import { randomBytes, randomUUID } from 'node:crypto';

/** A Keystone-style id: a UUID4 as 32 lowercase hex digits, no dashes. */
export function newHexId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A Nova/Glance-style id: a dashed UUID4. */
export function newUuid(): string {
  return randomUUID();
}

/** An OpenStack request id: `req-` and a dashed UUID4. */
export function newRequestId(): string {
  return `req-${randomUUID()}`;
}

/** A URL-safe random secret of `bytes` bytes, without padding. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
