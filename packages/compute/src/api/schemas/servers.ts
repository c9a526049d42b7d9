// Request bodies and query rules of /servers (nova/api/openstack/compute/schemas/servers.py), per microversion.
import { type TSchema, Type } from 'typebox';
import type { VersionedSchema } from '../common.js';
import {
  BASE64_PATTERN,
  base64,
  boolean,
  description,
  diskConfig,
  fqdn,
  hostname,
  ipAddress,
  ipv4,
  ipv6,
  metadata,
  name,
  positiveInteger,
  tag,
  trustedCerts,
  UUID_PATTERN,
  uuid,
} from './parameter-types.js';

const legacyBdm = {
  virtual_name: Type.String({ maxLength: 255 }),
  volume_id: uuid,
  snapshot_id: uuid,
  volume_size: Type.Union([Type.Integer({ minimum: 1, maximum: 0x7fffffff }), Type.String({ pattern: '^[0-9]+$' })]),
  device_name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._\\-r/]*$' }),
  delete_on_termination: boolean,
  no_device: Type.Unknown(),
  connection_info: Type.String({ maxLength: 16777215 }),
};

const bdmV2 = {
  ...legacyBdm,
  source_type: Type.String({ enum: ['volume', 'image', 'snapshot', 'blank'] }),
  uuid: Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' }),
  image_id: uuid,
  destination_type: Type.String({ enum: ['local', 'volume'] }),
  guest_format: Type.String({ maxLength: 255 }),
  device_type: Type.String({ maxLength: 255 }),
  disk_bus: Type.String({ maxLength: 255 }),
  boot_index: Type.Union([Type.Integer(), Type.String({ pattern: '^-?[0-9]+$' }), Type.Null()]),
};

/** os:scheduler_hints: known hints are checked, others pass (Nova relaxed it on purpose). */
const hints = Type.Object(
  {
    group: uuid,
    different_host: Type.Union([uuid, Type.Array(uuid)]),
    same_host: Type.Union([uuid, Type.Array(uuid)]),
    query: Type.Union([Type.String(), Type.Object({}, { required: [] })]),
    target_cell: name,
    different_cell: Type.Union([Type.String(), Type.Array(Type.String())]),
    build_near_host_ip: ipAddress,
    cidr: Type.String({ pattern: '^/[0-9a-f.:]+$' }),
  },
  { required: [], additionalProperties: true },
);

/** What changes between the create schemas of two microversion ranges. */
interface CreateFeatures {
  description?: boolean;
  networkTag?: boolean;
  bdmTag?: boolean;
  /** 2.37: networks required, 'auto'/'none' allowed, uuids checked. */
  networksV237?: boolean;
  tags?: boolean;
  noPersonality?: boolean;
  trustedCerts?: boolean;
  volumeType?: boolean;
  hosts?: boolean;
  hostname?: 'label' | 'fqdn';
}

function createSchema(f: CreateFeatures): TSchema {
  const network = Type.Object(
    {
      fixed_ip: ipAddress,
      port: Type.Union([uuid, Type.Null()]),
      uuid: f.networksV237 ? uuid : Type.String(),
      ...(f.networkTag ? { tag } : {}),
    },
    { required: [], additionalProperties: false },
  );
  const networks = f.networksV237
    ? Type.Union([Type.Array(network), Type.String({ enum: ['none', 'auto'] })])
    : Type.Array(network);
  const bdm = Type.Object(
    {
      ...bdmV2,
      ...(f.bdmTag ? { tag } : {}),
      ...(f.volumeType ? { volume_type: Type.Union([Type.String({ maxLength: 255 }), Type.Null()]) } : {}),
    },
    { required: [], additionalProperties: false },
  );
  const server: Record<string, TSchema> = {
    name,
    imageRef: Type.Union([uuid, Type.String({ maxLength: 0 })]),
    flavorRef: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
    adminPass: Type.String(),
    metadata,
    networks,
    'OS-DCF:diskConfig': diskConfig,
    accessIPv4: ipv4,
    accessIPv6: ipv6,
    availability_zone: name,
    block_device_mapping: Type.Array(Type.Object(legacyBdm, { required: [], additionalProperties: false })),
    block_device_mapping_v2: Type.Array(bdm),
    config_drive: boolean,
    key_name: name,
    min_count: positiveInteger,
    max_count: positiveInteger,
    return_reservation_id: boolean,
    security_groups: Type.Array(Type.Object({ name }, { required: [], additionalProperties: false })),
    user_data: Type.String({ pattern: BASE64_PATTERN, maxLength: 65535 }),
  };
  if (!f.noPersonality) {
    server.personality = Type.Array(
      Type.Object({ path: Type.String(), contents: base64 }, { required: [], additionalProperties: false }),
    );
  }
  if (f.description) server.description = description;
  if (f.tags) server.tags = Type.Array(tag, { maxItems: 50 });
  if (f.trustedCerts) server.trusted_image_certificates = trustedCerts;
  if (f.hosts) {
    server.host = fqdn;
    server.hypervisor_hostname = fqdn;
  }
  if (f.hostname) server.hostname = f.hostname === 'fqdn' ? fqdn : hostname;
  return Type.Object(
    {
      server: Type.Object(server, {
        required: f.networksV237 ? ['name', 'flavorRef', 'networks'] : ['name', 'flavorRef'],
        additionalProperties: false,
      }),
      'os:scheduler_hints': hints,
      'OS-SCH-HNT:scheduler_hints': hints,
    },
    { required: ['server'], additionalProperties: false },
  );
}

const v219: CreateFeatures = { description: true };
const v233: CreateFeatures = { ...v219, networkTag: true };
const v237: CreateFeatures = { ...v233, networksV237: true };
const v242: CreateFeatures = { ...v237, bdmTag: true };
const v252: CreateFeatures = { ...v242, tags: true };
const v257: CreateFeatures = { ...v252, noPersonality: true };
const v263: CreateFeatures = { ...v257, trustedCerts: true };
const v267: CreateFeatures = { ...v263, volumeType: true };
const v274: CreateFeatures = { ...v267, hosts: true };

/** POST /servers by microversion (Nova's create … create_v294). */
export const serverCreateBody: VersionedSchema[] = [
  { max: '2.18', schema: createSchema({}) },
  { min: '2.19', max: '2.31', schema: createSchema(v219) },
  { min: '2.32', max: '2.32', schema: createSchema({ ...v233, bdmTag: true }) },
  { min: '2.33', max: '2.36', schema: createSchema(v233) },
  { min: '2.37', max: '2.41', schema: createSchema(v237) },
  { min: '2.42', max: '2.51', schema: createSchema(v242) },
  { min: '2.52', max: '2.56', schema: createSchema(v252) },
  { min: '2.57', max: '2.62', schema: createSchema(v257) },
  { min: '2.63', max: '2.66', schema: createSchema(v263) },
  { min: '2.67', max: '2.73', schema: createSchema(v267) },
  { min: '2.74', max: '2.89', schema: createSchema(v274) },
  { min: '2.90', max: '2.93', schema: createSchema({ ...v274, hostname: 'label' }) },
  { min: '2.94', schema: createSchema({ ...v274, hostname: 'fqdn' }) },
];

function updateSchema(withDescription: boolean, host?: 'label' | 'fqdn'): TSchema {
  return Type.Object(
    {
      server: Type.Object(
        {
          name,
          'OS-DCF:diskConfig': diskConfig,
          accessIPv4: ipv4,
          accessIPv6: ipv6,
          ...(withDescription ? { description } : {}),
          ...(host ? { hostname: host === 'fqdn' ? fqdn : hostname } : {}),
        },
        { required: [], additionalProperties: false },
      ),
    },
    { required: ['server'], additionalProperties: false },
  );
}

/** PUT /servers/{id}: description from 2.19, hostname from 2.90 (an FQDN from 2.94). */
export const serverUpdateBody: VersionedSchema[] = [
  { max: '2.18', schema: updateSchema(false) },
  { min: '2.19', max: '2.89', schema: updateSchema(true) },
  { min: '2.90', max: '2.93', schema: updateSchema(true, 'label') },
  { min: '2.94', schema: updateSchema(true, 'fqdn') },
];

/** Nova's `VALID_SORT_KEYS` for GET /servers (2.73 adds locked; 2.75 drops the ignored ones). */
export const SERVER_SORT_KEYS = [
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'created_at',
  'display_description',
  'display_name',
  'host',
  'hostname',
  'image_ref',
  'instance_type_id',
  'kernel_id',
  'key_name',
  'launch_index',
  'launched_at',
  'locked_by',
  'node',
  'power_state',
  'progress',
  'project_id',
  'ramdisk_id',
  'root_device_name',
  'task_state',
  'terminated_at',
  'updated_at',
  'user_id',
  'uuid',
  'vm_state',
];
/** Sort keys Nova accepts but ignores before 2.75 (`SERVER_LIST_IGNORE_SORT_KEY`). */
export const IGNORED_SORT_KEYS = [
  'architecture',
  'cell_name',
  'cleaned',
  'default_ephemeral_device',
  'default_swap_device',
  'deleted',
  'deleted_at',
  'disable_terminate',
  'ephemeral_gb',
  'ephemeral_key_uuid',
  'id',
  'key_data',
  'launched_on',
  'locked',
  'memory_mb',
  'os_type',
  'reservation_id',
  'root_gb',
  'shutdown_terminate',
  'user_data',
  'vcpus',
  'vm_mode',
];

/** The query parameters of GET /servers Nova's schema knows (2.75 refuses any other). */
export const SERVER_QUERY_PARAMS = [
  'user_id',
  'project_id',
  'tenant_id',
  'launch_index',
  'image_ref',
  'image',
  'kernel_id',
  'ramdisk_id',
  'hostname',
  'key_name',
  'power_state',
  'vm_state',
  'task_state',
  'host',
  'node',
  'flavor',
  'reservation_id',
  'launched_at',
  'terminated_at',
  'availability_zone',
  'name',
  'display_name',
  'description',
  'display_description',
  'locked_by',
  'uuid',
  'root_device_name',
  'config_drive',
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'progress',
  'sort_key',
  'sort_dir',
  'all_tenants',
  'soft_deleted',
  'deleted',
  'status',
  'changes-since',
  'ip',
  'ip6',
  'created_at',
  'block_device_mapping',
  'services',
  'metadata',
  'system_metadata',
  'info_cache',
  'security_groups',
  'pci_devices',
  'limit',
  'marker',
  'tags',
  'tags-any',
  'not-tags',
  'not-tags-any',
  'changes-before',
  'locked',
];

/** Query parameters naming joined tables, which Nova refuses as filters ("Invalid filter field"). */
export const JOINED_TABLE_PARAMS = [
  'block_device_mapping',
  'services',
  'metadata',
  'system_metadata',
  'info_cache',
  'security_groups',
  'pci_devices',
];

export { UUID_PATTERN };
