// The Fernet codec (https://github.com/fernet/spec), with tokens unpadded as Keystone issues them.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  type Decipher,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { Unauthorized } from '@nubo/core';

const VERSION = 0x80;
const TIMESTAMP_OFFSET = 1;
const IV_OFFSET = 9;
const CIPHERTEXT_OFFSET = 25;
const BLOCK_BYTES = 16;
const HMAC_BYTES = 32;
const MIN_TOKEN_BYTES = CIPHERTEXT_OFFSET + BLOCK_BYTES + HMAC_BYTES;
// Far above any payload we issue; it only bounds the work an attacker can ask of us.
const MAX_TOKEN_CHARS = 8192;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+={0,2}$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}=?$/;
const MAX_CACHED_KEYS = 64;

interface FernetKey {
  signing: Buffer;
  encryption: Buffer;
  /**
   * AES-128-ECB without padding, kept for the life of the key: with whole blocks in, it carries no state from one
   * update() to the next, and CBC decryption is ECB plus an XOR with the previous block. This saves creating a
   * cipher per token, about a third of the cost of a validation.
   */
  blockDecipher: Decipher;
}

/** Key strings already split into their signing and encryption halves, so validation does no key parsing. */
const parsedKeys = new Map<string, FernetKey>();

function fernetKey(key: string): FernetKey {
  const cached = parsedKeys.get(key);
  if (cached) return cached;
  if (!isFernetKey(key)) throw new Error('A Fernet key must be 32 bytes in URL-safe base64.');
  const bytes = Buffer.from(key, 'base64url');
  const encryption = bytes.subarray(16);
  const blockDecipher = createDecipheriv('aes-128-ecb', encryption, null).setAutoPadding(false);
  const parsed = { signing: bytes.subarray(0, 16), encryption, blockDecipher };
  // Rotation only ever adds a few keys; the bound keeps a caller passing fresh keys from growing the cache forever.
  if (parsedKeys.size >= MAX_CACHED_KEYS) parsedKeys.clear();
  parsedKeys.set(key, parsed);
  return parsed;
}

function invalidToken(): Unauthorized {
  return new Unauthorized('The request you have made requires authentication: the token is invalid.');
}

/** Whether `key` has the shape of a Fernet key: 32 bytes in URL-safe base64, with or without its `=`. */
export function isFernetKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A new random key in the form `Fernet.generate_key()` and `keystone-manage fernet_setup` write: 44 chars, padded. */
export function generateKey(): string {
  return `${randomBytes(32).toString('base64url')}=`;
}

/**
 * Encrypts `plaintext` into a Fernet token with `key`, stamped with `now` (whole seconds).
 *
 * The token is URL-safe base64 without the trailing `=`, as Keystone's `TokenFormatter.pack` issues it.
 */
export function encrypt(plaintext: Uint8Array, key: string, now: Date = new Date()): string {
  const { signing, encryption } = fernetKey(key);
  const seconds = Math.floor(now.getTime() / 1000);
  if (!(seconds >= 0)) throw new RangeError('A Fernet timestamp cannot be before 1970.');
  const ciphertextBytes = (Math.floor(plaintext.length / BLOCK_BYTES) + 1) * BLOCK_BYTES;
  const signedEnd = CIPHERTEXT_OFFSET + ciphertextBytes;
  const token = Buffer.allocUnsafe(signedEnd + HMAC_BYTES);
  token[0] = VERSION;
  token.writeBigUInt64BE(BigInt(seconds), TIMESTAMP_OFFSET);
  randomFillSync(token, IV_OFFSET, BLOCK_BYTES);
  const cipher = createCipheriv('aes-128-cbc', encryption, token.subarray(IV_OFFSET, CIPHERTEXT_OFFSET));
  const head = cipher.update(plaintext);
  head.copy(token, CIPHERTEXT_OFFSET);
  cipher.final().copy(token, CIPHERTEXT_OFFSET + head.length);
  createHmac('sha256', signing).update(token.subarray(0, signedEnd)).digest().copy(token, signedEnd);
  return token.toString('base64url');
}

/**
 * Decrypts a Fernet token with the first of `keys` whose HMAC matches (primary first, as Keystone's MultiFernet).
 *
 * Accepts the token with or without its `=` padding. The timestamp is not checked against a TTL: Keystone keeps the
 * expiry in the payload. Throws `Unauthorized` for a malformed token or one that no key signed.
 */
export function decrypt(token: string, keys: readonly string[]): { plaintext: Uint8Array; timestamp: Date } {
  if (token.length > MAX_TOKEN_CHARS || !TOKEN_PATTERN.test(token)) throw invalidToken();
  const data = Buffer.from(token, 'base64url');
  const length = data.length;
  if (length < MIN_TOKEN_BYTES || (length - CIPHERTEXT_OFFSET - HMAC_BYTES) % BLOCK_BYTES !== 0) throw invalidToken();
  if (data[0] !== VERSION) throw invalidToken();
  const signedEnd = length - HMAC_BYTES;
  const signed = data.subarray(0, signedEnd);
  const mac = data.subarray(signedEnd);
  for (const key of keys) {
    const { signing, blockDecipher } = fernetKey(key);
    if (!timingSafeEqual(createHmac('sha256', signing).update(signed).digest(), mac)) continue;
    const padded = blockDecipher.update(data.subarray(CIPHERTEXT_OFFSET, signedEnd));
    // CBC: each block is XORed with the one before it, the first with the IV that sits just before the ciphertext.
    for (let i = 0; i < padded.length; i++) padded[i]! ^= data[IV_OFFSET + i]!;
    const plaintextBytes = padded.length - unpaddedTail(padded);
    const seconds = data.readUInt32BE(TIMESTAMP_OFFSET) * 2 ** 32 + data.readUInt32BE(TIMESTAMP_OFFSET + 4);
    const timestamp = new Date(seconds * 1000);
    if (Number.isNaN(timestamp.getTime())) throw invalidToken();
    return { plaintext: padded.subarray(0, plaintextBytes), timestamp };
  }
  throw invalidToken();
}

/** The PKCS7 padding length of `padded`; throws when the padding is malformed. */
function unpaddedTail(padded: Buffer): number {
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK_BYTES || pad > padded.length) throw invalidToken();
  for (let i = padded.length - pad; i < padded.length - 1; i++) {
    if (padded[i] !== pad) throw invalidToken();
  }
  return pad;
}
