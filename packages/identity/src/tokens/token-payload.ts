// Keystone's Fernet token payloads: what a token says, packed as msgpack byte for byte as Keystone packs it.
import { Decoder } from '@msgpack/msgpack';
import { Unauthorized } from '@nubo/core';

/**
 * What a Fernet token carries. The scope fields pick the payload kind: none is unscoped, `domainId` is
 * domain-scoped, `projectId` is project-scoped, `system` is system-scoped, and `projectId` with
 * `applicationCredentialId` is application-credential-scoped.
 */
export interface TokenPayload {
  userId: string;
  /** Authentication method names, each one of {@link AUTH_METHODS}. */
  methods: string[];
  projectId?: string;
  domainId?: string;
  system?: 'all';
  expiresAt: Date;
  /** The token's own audit id, then its parent's when it was rescoped (Keystone's order). */
  auditIds: string[];
  applicationCredentialId?: string;
}

/**
 * Keystone's default `[auth] methods`. A token stores its methods as a bitmask over this list (bit 0 is `external`),
 * so the order is part of the token format and must match the Keystone that shares our keys.
 */
export const AUTH_METHODS: readonly string[] = [
  'external',
  'password',
  'token',
  'oauth1',
  'mapped',
  'application_credential',
];

/** Payload versions, from Keystone's `token_formatters.py`; the others (trust, federated, OAuth) are not issued here. */
const UNSCOPED = 0;
const DOMAIN_SCOPED = 1;
const PROJECT_SCOPED = 2;
const SYSTEM_SCOPED = 8;
const APPLICATION_CREDENTIAL_SCOPED = 9;

// Only lowercase, undashed hex is packed as UUID bytes: Keystone's uuid.UUID() also takes uppercase and dashed forms
// and gives them back as lowercase hex, which would change the id. Keystone reads our `[false, id]` either way.
const UUID_HEX = /^[0-9a-f]{32}$/;
const AUDIT_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Packs a payload into the msgpack bytes Keystone's payload classes produce for the same token.
 *
 * Throws `Error` for a payload that no token kind fits (two scopes, an application credential without a project),
 * an unknown method or a malformed audit id: these are bugs in the caller, not in the request.
 */
export function packPayload(p: TokenPayload): Uint8Array {
  const writer = new PayloadWriter();
  const version = payloadVersion(p);
  writer.array(version === APPLICATION_CREDENTIAL_SCOPED ? 7 : version === UNSCOPED ? 5 : 6);
  writer.uint(version);
  writer.id(p.userId);
  writer.uint(methodsToBitmask(p.methods));
  if (version === DOMAIN_SCOPED) {
    const domainId = p.domainId as string;
    // Keystone packs the domain id bare, not as [is_uuid, id], and accepts a non-UUID one only when it is its
    // `[identity] default_domain_id`; we pack any other non-UUID domain id as a string, which Keystone cannot read.
    if (UUID_HEX.test(domainId)) writer.bin(Buffer.from(domainId, 'hex'));
    else writer.str(domainId);
  } else if (version === PROJECT_SCOPED || version === APPLICATION_CREDENTIAL_SCOPED) {
    writer.id(p.projectId as string);
  } else if (version === SYSTEM_SCOPED) {
    writer.str(p.system as string);
  }
  const expiresAt = p.expiresAt.getTime();
  if (Number.isNaN(expiresAt)) throw new Error('A token needs a valid expiry.');
  // Keystone packs a Python float, always a msgpack float 64, even for a whole number of seconds.
  writer.float64(expiresAt / 1000);
  writer.array(p.auditIds.length);
  for (const auditId of p.auditIds) writer.bin(auditIdToBytes(auditId));
  if (version === APPLICATION_CREDENTIAL_SCOPED) writer.id(p.applicationCredentialId as string);
  return writer.finish();
}

/**
 * Unpacks msgpack bytes in Keystone's layout (versions 0, 1, 2, 8 and 9) into a payload.
 *
 * Methods come back in Keystone's order, last of {@link AUTH_METHODS} first. Expiry is kept to the millisecond.
 * Throws `Unauthorized` for another version or a malformed payload.
 */
export function unpackPayload(bytes: Uint8Array): TokenPayload {
  let decoded: unknown;
  try {
    decoded = decoder.decode(bytes);
  } catch {
    throw malformed();
  }
  if (!Array.isArray(decoded)) throw malformed();
  const fields: readonly unknown[] = decoded;
  const version: unknown = fields[0];
  const expected =
    version === UNSCOPED ? 5 : version === APPLICATION_CREDENTIAL_SCOPED ? 7 : isKnownScoped(version) ? 6 : -1;
  if (expected < 0) {
    throw new Unauthorized('The request you have made requires authentication: unknown token payload version.');
  }
  if (fields.length !== expected) throw malformed();
  const payload: TokenPayload = {
    userId: readId(fields[1]),
    methods: bitmaskToMethods(fields[2]),
    expiresAt: readExpiry(fields[version === UNSCOPED ? 3 : 4]),
    auditIds: readAuditIds(fields[version === UNSCOPED ? 4 : 5]),
  };
  if (version === DOMAIN_SCOPED) payload.domainId = readDomainId(fields[3]);
  else if (version === PROJECT_SCOPED) payload.projectId = readId(fields[3]);
  else if (version === SYSTEM_SCOPED) payload.system = readSystem(fields[3]);
  else if (version === APPLICATION_CREDENTIAL_SCOPED) {
    payload.projectId = readId(fields[3]);
    payload.applicationCredentialId = readId(fields[6]);
  }
  return payload;
}

function payloadVersion(p: TokenPayload): number {
  const scopes = [p.projectId, p.domainId, p.system].filter((s) => s !== undefined).length;
  if (scopes > 1) throw new Error('A token is scoped to at most one of a project, a domain or the system.');
  if (p.applicationCredentialId !== undefined) {
    if (p.projectId === undefined) throw new Error('An application credential token must be project-scoped.');
    return APPLICATION_CREDENTIAL_SCOPED;
  }
  if (p.projectId !== undefined) return PROJECT_SCOPED;
  if (p.domainId !== undefined) return DOMAIN_SCOPED;
  if (p.system !== undefined) return SYSTEM_SCOPED;
  return UNSCOPED;
}

function methodsToBitmask(methods: readonly string[]): number {
  let bitmask = 0;
  for (const method of methods) {
    const bit = AUTH_METHODS.indexOf(method);
    if (bit < 0) throw new Error(`Unknown authentication method '${method}'.`);
    // OR rather than Keystone's sum, so a repeated method cannot turn into another one.
    bitmask |= 1 << bit;
  }
  return bitmask;
}

function bitmaskToMethods(bitmask: unknown): string[] {
  if (typeof bitmask !== 'number' || !Number.isInteger(bitmask) || bitmask < 0 || bitmask >= 1 << AUTH_METHODS.length) {
    throw malformed();
  }
  const methods: string[] = [];
  for (let bit = AUTH_METHODS.length - 1; bit >= 0; bit--) {
    if (bitmask & (1 << bit)) methods.push(AUTH_METHODS[bit] as string);
  }
  return methods;
}

function auditIdToBytes(auditId: string): Buffer {
  const bytes = Buffer.from(auditId, 'base64url');
  if (!AUDIT_ID.test(auditId) || bytes.toString('base64url') !== auditId) {
    throw new Error(`Malformed audit id '${auditId}': expected unpadded URL-safe base64.`);
  }
  return bytes;
}

function isKnownScoped(version: unknown): boolean {
  return version === DOMAIN_SCOPED || version === PROJECT_SCOPED || version === SYSTEM_SCOPED;
}

/** An id packed as Keystone's `[is_uuid, uuid_bytes_or_string]`. */
function readId(field: unknown): string {
  if (!Array.isArray(field) || field.length !== 2) throw malformed();
  const [isUuid, value] = field as [unknown, unknown];
  if (isUuid === true && value instanceof Uint8Array && value.length === 16) return hex(value);
  if (isUuid === false && typeof value === 'string') return value;
  throw malformed();
}

function readDomainId(field: unknown): string {
  if (field instanceof Uint8Array && field.length === 16) return hex(field);
  if (typeof field === 'string') return field;
  throw malformed();
}

function readSystem(field: unknown): 'all' {
  if (field !== 'all') throw malformed();
  return field;
}

function readExpiry(field: unknown): Date {
  if (typeof field !== 'number' || !Number.isFinite(field)) throw malformed();
  const expiresAt = new Date(Math.round(field * 1000));
  if (Number.isNaN(expiresAt.getTime())) throw malformed();
  return expiresAt;
}

function readAuditIds(field: unknown): string[] {
  if (!Array.isArray(field)) throw malformed();
  return field.map((auditId: unknown) => {
    if (!(auditId instanceof Uint8Array)) throw malformed();
    return Buffer.from(auditId.buffer, auditId.byteOffset, auditId.length).toString('base64url');
  });
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

function malformed(): Unauthorized {
  return new Unauthorized('The request you have made requires authentication: the token payload is malformed.');
}

// Keystone's payloads are small flat lists; the limits stop a hostile payload from allocating much.
const decoder = new Decoder({
  maxStrLength: 1024,
  maxBinLength: 1024,
  maxArrayLength: 64,
  maxMapLength: 0,
  maxExtLength: 0,
});

/**
 * A msgpack writer for the few types a payload holds, choosing the same encodings as Python's msgpack (`packb`
 * with `use_bin_type=True`), so our payloads are the bytes Keystone would pack.
 */
class PayloadWriter {
  #buffer = Buffer.allocUnsafe(128);
  #length = 0;

  array(length: number): void {
    if (length < 16) this.#byte(0x90 | length);
    else {
      this.#reserve(3);
      this.#buffer[this.#length] = 0xdc;
      this.#buffer.writeUInt16BE(length, this.#length + 1);
      this.#length += 3;
    }
  }

  uint(value: number): void {
    if (value < 0x80) this.#byte(value);
    else if (value < 0x100) this.#header(0xcc, 1, value);
    else if (value < 0x10000) this.#header(0xcd, 2, value);
    else this.#header(0xce, 4, value);
  }

  float64(value: number): void {
    this.#reserve(9);
    this.#buffer[this.#length] = 0xcb;
    this.#buffer.writeDoubleBE(value, this.#length + 1);
    this.#length += 9;
  }

  str(value: string): void {
    const length = Buffer.byteLength(value);
    if (length < 32) this.#byte(0xa0 | length);
    else if (length < 0x100) this.#header(0xd9, 1, length);
    else if (length < 0x10000) this.#header(0xda, 2, length);
    else this.#header(0xdb, 4, length);
    this.#reserve(length);
    this.#length += this.#buffer.write(value, this.#length);
  }

  bin(value: Uint8Array): void {
    if (value.length < 0x100) this.#header(0xc4, 1, value.length);
    else if (value.length < 0x10000) this.#header(0xc5, 2, value.length);
    else this.#header(0xc6, 4, value.length);
    this.#reserve(value.length);
    this.#buffer.set(value, this.#length);
    this.#length += value.length;
  }

  /** An id as Keystone's `attempt_convert_uuid_hex_to_bytes` packs it. */
  id(value: string): void {
    this.array(2);
    if (UUID_HEX.test(value)) {
      this.#byte(0xc3);
      this.bin(Buffer.from(value, 'hex'));
    } else {
      this.#byte(0xc2);
      this.str(value);
    }
  }

  finish(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  #byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  #header(type: number, bytes: 1 | 2 | 4, length: number): void {
    this.#reserve(1 + bytes);
    this.#buffer[this.#length] = type;
    this.#buffer.writeUIntBE(length, this.#length + 1, bytes);
    this.#length += 1 + bytes;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
