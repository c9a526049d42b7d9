// Request bodies of POST /servers/{id}/action (nova/api/openstack/compute/schemas: servers.py, lock_server.py,
// rescue.py, shelve.py, console_output.py, reset_server_state.py).
import { type TSchema, Type } from 'typebox';
import type { VersionedSchema } from '../common.js';
import {
  BASE64_PATTERN,
  boolean,
  description,
  diskConfig,
  fqdn,
  hostname,
  ipv4,
  ipv6,
  metadata,
  name,
  personality,
  trustedCerts,
  uuid,
} from './parameter-types.js';

function action(key: string, properties: Record<string, TSchema>, required: string[] = [], nullable = false): TSchema {
  const inner = Type.Object(properties, { required, additionalProperties: false });
  return Type.Object(
    { [key]: nullable ? Type.Union([inner, Type.Null()]) : inner },
    { required: [key], additionalProperties: false },
  );
}

/** reboot: SOFT or HARD in any of Nova's three spellings. */
export const rebootBody = action(
  'reboot',
  { type: Type.String({ enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] }) },
  ['type'],
);

/** resize. */
export const resizeBody = action(
  'resize',
  { flavorRef: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]), 'OS-DCF:diskConfig': diskConfig },
  ['flavorRef'],
);

/** createImage. */
export const createImageBody = action('createImage', { name, metadata }, ['name']);

/** migrate from 2.56: null, or an optional target host (before, Nova reads no body). */
export const migrateBodies: VersionedSchema[] = [
  { min: '2.56', schema: action('migrate', { host: Type.Union([fqdn, Type.Null()]) }, [], true) },
];

/** createBackup: a snapshot kept among the last `rotation` backups of its type. */
export const createBackupBody = action(
  'createBackup',
  {
    name,
    backup_type: Type.String(),
    rotation: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+$' })]),
    metadata,
  },
  ['name', 'backup_type', 'rotation'],
);

/** lock from 2.73: an optional reason. */
export const lockBody = action('lock', { locked_reason: Type.String({ minLength: 1, maxLength: 255 }) }, [], true);

/** rescue: optional password and rescue image. */
export const rescueBody = action('rescue', { adminPass: Type.String(), rescue_image_ref: uuid }, [], true);

/** unshelve 2.77–2.90: null, or an availability zone. */
export const unshelveBody: VersionedSchema[] = [
  { min: '2.77', max: '2.90', schema: action('unshelve', { availability_zone: name }, ['availability_zone'], true) },
  {
    min: '2.91',
    schema: action(
      'unshelve',
      { availability_zone: Type.Union([Type.Null(), Type.String()]), host: Type.String() },
      [],
      true,
    ),
  },
];

/** os-getConsoleOutput: an optional line count (-1 or null: everything). */
export const consoleOutputBody = action('os-getConsoleOutput', {
  length: Type.Union([Type.Integer({ minimum: -1 }), Type.String({ pattern: '^-?[0-9]+$' }), Type.Null()]),
});

/** os-resetState. */
export const resetStateBody = action('os-resetState', { state: Type.String({ enum: ['active', 'error'] }) }, ['state']);

interface RebuildFeatures {
  description?: boolean;
  keyName?: boolean;
  userData?: boolean;
  trustedCerts?: boolean;
  hostname?: 'label' | 'fqdn';
}

function rebuildSchema(f: RebuildFeatures): TSchema {
  const properties: Record<string, TSchema> = {
    name,
    imageRef: uuid,
    adminPass: Type.String(),
    metadata,
    preserve_ephemeral: boolean,
    'OS-DCF:diskConfig': diskConfig,
    accessIPv4: ipv4,
    accessIPv6: ipv6,
  };
  if (!f.userData) properties.personality = personality;
  if (f.description) properties.description = description;
  if (f.keyName) properties.key_name = Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()]);
  if (f.userData) {
    properties.user_data = Type.Union([Type.String({ pattern: BASE64_PATTERN, maxLength: 65535 }), Type.Null()]);
  }
  if (f.trustedCerts) properties.trusted_image_certificates = trustedCerts;
  if (f.hostname) properties.hostname = f.hostname === 'fqdn' ? fqdn : hostname;
  return action('rebuild', properties, ['imageRef']);
}

/** rebuild by microversion (Nova's rebuild … rebuild_v294). */
export const rebuildBody: VersionedSchema[] = [
  { max: '2.18', schema: rebuildSchema({}) },
  { min: '2.19', max: '2.53', schema: rebuildSchema({ description: true }) },
  { min: '2.54', max: '2.56', schema: rebuildSchema({ description: true, keyName: true }) },
  { min: '2.57', max: '2.62', schema: rebuildSchema({ description: true, keyName: true, userData: true }) },
  {
    min: '2.63',
    max: '2.89',
    schema: rebuildSchema({ description: true, keyName: true, userData: true, trustedCerts: true }),
  },
  {
    min: '2.90',
    max: '2.93',
    schema: rebuildSchema({ description: true, keyName: true, userData: true, trustedCerts: true, hostname: 'label' }),
  },
  {
    min: '2.94',
    schema: rebuildSchema({ description: true, keyName: true, userData: true, trustedCerts: true, hostname: 'fqdn' }),
  },
];
