// Key pairs: import (an OpenSSH public key or an X.509 certificate, validated and fingerprinted as Nova does),
// generation (RSA for ssh, a self-signed certificate for x509, before 2.92), quota, list, show and delete.
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BadRequest, Conflict, isUniqueViolation, NotFound, OverQuota } from '@nubo/core';
import type { ComputeContext } from './context.js';
import * as db from './db/keypairs.js';
import type { KeypairRow } from './db/tables.js';
import { quotaLimits } from './quotas.js';

const run = promisify(execFile);

/** Nova's KeypairNotFound. */
export function keypairNotFound(name: string, userId: string): NotFound {
  return new NotFound(`Keypair ${name} not found for user ${userId}`);
}

function colonHex(hex: string): string {
  return hex.match(/../g)!.join(':');
}

/** Reads one SSH wire-format string (uint32 length + bytes) at `offset`. */
function readString(blob: Buffer, offset: number): { value: Buffer; next: number } {
  if (offset + 4 > blob.length) throw new Error('truncated');
  const length = blob.readUInt32BE(offset);
  if (offset + 4 + length > blob.length) throw new Error('truncated');
  return { value: blob.subarray(offset + 4, offset + 4 + length), next: offset + 4 + length };
}

/** How many wire strings follow the key type in each public key format (RFC 4253, 5656, 8709). */
const SSH_KEY_FIELDS: Record<string, number> = {
  'ssh-rsa': 2,
  'ssh-dss': 4,
  'ssh-ed25519': 1,
  'ecdsa-sha2-nistp256': 2,
  'ecdsa-sha2-nistp384': 2,
  'ecdsa-sha2-nistp521': 2,
};

/**
 * Nova's `crypto.generate_fingerprint`: the key must load as an OpenSSH public key; the fingerprint is the MD5 of
 * the key blob in colon-separated hex.
 *
 * @throws BadRequest "Keypair data is invalid: failed to generate fingerprint" for anything else.
 */
export function sshFingerprint(publicKey: string): string {
  const invalid = new BadRequest('Keypair data is invalid: failed to generate fingerprint');
  const parts = publicKey.trim().split(/\s+/);
  const [type, data] = parts;
  if (!type || !data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw invalid;
  const fields = SSH_KEY_FIELDS[type];
  if (fields === undefined) throw invalid;
  const blob = Buffer.from(data, 'base64');
  try {
    let { value, next } = readString(blob, 0);
    if (value.toString('latin1') !== type) throw invalid;
    for (let i = 0; i < fields; i++) {
      ({ value, next } = readString(blob, next));
      if (value.length === 0) throw invalid;
    }
    if (next !== blob.length) throw invalid;
    if (type === 'ssh-ed25519' && value.length !== 32) throw invalid;
  } catch {
    throw invalid;
  }
  // Nova fingerprints the second space-separated field of the text as given.
  return colonHex(
    createHash('md5')
      .update(Buffer.from(publicKey.split(' ')[1] ?? data, 'base64'))
      .digest('hex'),
  );
}

/** Nova's `crypto.generate_x509_fingerprint`: SHA-1 of the certificate, colon-separated hex. @throws BadRequest */
export function x509Fingerprint(pem: string): string {
  try {
    return colonHex(new X509Certificate(pem).fingerprint.replaceAll(':', '').toLowerCase());
  } catch (err) {
    throw new BadRequest(
      `Keypair data is invalid: failed to generate X509 fingerprint. Error message: ${(err as Error).message}`,
    );
  }
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An unsigned big-endian integer as an SSH mpint (a leading zero byte when the top bit is set). */
function mpint(base64url: string): Buffer {
  const bytes = Buffer.from(base64url, 'base64url');
  return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** Nova's `crypto.generate_key_pair`: RSA 2048, the private key in PEM, the public one in OpenSSH format. */
export function generateSshKeyPair(): { privateKey: string; publicKey: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]);
  const openssh = `ssh-rsa ${blob.toString('base64')} Generated-by-Nova`;
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: openssh,
    fingerprint: sshFingerprint(openssh),
  };
}

/**
 * Nova's `crypto.generate_winrm_x509_cert`: a self-signed certificate for `CN=<user_id>` made with openssl, the
 * private key as a base64 PKCS#12 bundle.
 */
export async function generateX509KeyPair(
  userId: string,
): Promise<{ privateKey: string; publicKey: string; fingerprint: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'nubo-x509-'));
  try {
    const conf = join(dir, 'temp.conf');
    const keyFile = join(dir, 'temp.key');
    const certFile = join(dir, 'temp.crt');
    await writeFile(
      conf,
      'distinguished_name  = req_distinguished_name\n[req_distinguished_name]\n[v3_req_client]\n' +
        `extendedKeyUsage = clientAuth\nsubjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:${userId}@localhost\n`,
    );
    await run('openssl', [
      ...['req', '-x509', '-nodes', '-days', '3650', '-config', conf, '-newkey', 'rsa:2048'],
      ...['-outform', 'PEM', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${userId}`],
      ...['-extensions', 'v3_req_client'],
    ]);
    const bundle = join(dir, 'temp.p12');
    await run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      keyFile,
      '-in',
      certFile,
      '-password',
      'pass:',
      '-out',
      bundle,
    ]);
    const certificate = await readFile(certFile, 'utf8');
    return {
      privateKey: (await readFile(bundle)).toString('base64'),
      publicKey: certificate,
      fingerprint: x509Fingerprint(certificate),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Nova's key_pairs quota check (per user): "Maximum number of key pairs exceeded". */
async function checkKeypairQuota(ctx: ComputeContext, projectId: string, userId: string): Promise<void> {
  const limit = (await quotaLimits(ctx, projectId)).key_pairs;
  if (limit >= 0 && (await db.countKeypairs(ctx.db, userId)) + 1 > limit) {
    throw new OverQuota('Quota exceeded, too many key pairs.');
  }
}

/** A new key pair: imported when `publicKey` is given, else generated (the private key is returned once). */
export async function createKeypair(
  ctx: ComputeContext,
  input: { userId: string; projectId: string; name: string; type: 'ssh' | 'x509'; publicKey?: string },
): Promise<{ keypair: KeypairRow; privateKey?: string }> {
  await checkKeypairQuota(ctx, input.projectId, input.userId);
  let publicKey: string;
  let fingerprint: string;
  let privateKey: string | undefined;
  if (input.publicKey !== undefined) {
    publicKey = input.publicKey;
    fingerprint = input.type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  } else {
    const generated = input.type === 'x509' ? await generateX509KeyPair(input.userId) : generateSshKeyPair();
    ({ publicKey, fingerprint, privateKey } = generated);
  }
  if (await db.findKeypair(ctx.db, input.userId, input.name)) {
    throw new Conflict(`Key pair '${input.name}' already exists.`);
  }
  try {
    const keypair = await db.insertKeypair(ctx.db, {
      user_id: input.userId,
      name: input.name,
      type: input.type,
      public_key: publicKey,
      fingerprint,
      created_at: new Date().toISOString(),
    });
    return privateKey === undefined ? { keypair } : { keypair, privateKey };
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`Key pair '${input.name}' already exists.`);
    throw err;
  }
}

/** A user's key pair. @throws NotFound */
export async function getKeypair(ctx: ComputeContext, userId: string, name: string): Promise<KeypairRow> {
  const row = await db.findKeypair(ctx.db, userId, name);
  if (!row) throw keypairNotFound(name, userId);
  return row;
}

/** A user's key pairs by name, paged after `marker` (2.35). @throws BadRequest for an unknown marker */
export async function listKeypairs(
  ctx: ComputeContext,
  userId: string,
  page?: { limit: number; marker?: string },
): Promise<KeypairRow[]> {
  const rows = await db.listKeypairs(ctx.db, userId);
  if (!page) return rows;
  let start = 0;
  if (page.marker !== undefined) {
    const at = rows.findIndex((r) => r.name === page.marker);
    if (at < 0) throw new BadRequest(`Marker ${page.marker} could not be found.`);
    start = at + 1;
  }
  return rows.slice(start, start + page.limit);
}

/** Deletes a key pair. @throws NotFound */
export async function deleteKeypair(ctx: ComputeContext, userId: string, name: string): Promise<void> {
  if (!(await db.deleteKeypair(ctx.db, userId, name))) throw keypairNotFound(name, userId);
}
