// A key pair as Nova shows it (nova/api/openstack/compute/views/keypairs.py): `type` from 2.2.
import type { KeypairRow } from '../../db/tables.js';

/** The create (or import) answer: the private key only when one was generated. */
export function keypairCreateView(row: KeypairRow, withType: boolean, privateKey?: string): Record<string, unknown> {
  return {
    ...(privateKey !== undefined ? { private_key: privateKey } : {}),
    ...(withType ? { type: row.type } : {}),
    name: row.name,
    public_key: row.public_key,
    fingerprint: row.fingerprint,
    user_id: row.user_id,
  };
}

/** One item of GET /os-keypairs. */
export function keypairListView(row: KeypairRow, withType: boolean): Record<string, unknown> {
  return {
    name: row.name,
    public_key: row.public_key,
    fingerprint: row.fingerprint,
    ...(withType ? { type: row.type } : {}),
  };
}

/** GET /os-keypairs/{name}: Nova's soft-delete columns are always false/null for a live key pair. */
export function keypairView(row: KeypairRow, withType: boolean): Record<string, unknown> {
  return {
    name: row.name,
    public_key: row.public_key,
    fingerprint: row.fingerprint,
    user_id: row.user_id,
    created_at: row.created_at,
    deleted: false,
    deleted_at: null,
    id: row.id,
    updated_at: null,
    ...(withType ? { type: row.type } : {}),
  };
}
