// A server as Nova shows it (nova/api/openstack/compute/views/servers.py), attribute by attribute per microversion.
import type { FastifyRequest } from 'fastify';
import type { ComputeContext } from '../../context.js';
import { statusOf } from '../../instance-state.js';
import { addressesOf } from '../../network.js';
import { hostIdOf, type ServerRecord } from '../../servers.js';
import { atLeast, bookmarkHref, resourceLinks } from '../common.js';

/** Statuses that carry `progress`, and those that carry `fault` (Nova's `_progress_statuses`, `_fault_statuses`). */
const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);
const FAULT_STATUSES = new Set(['ERROR', 'DELETED']);

/** Nova's `utils.isotime`: seconds precision, `Z`. */
export function isoTime(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Python's `str()` of a naive datetime, as the OS-SRV-USG timestamps are shown. */
function naiveTime(iso: string | null): string | null {
  if (!iso) return null;
  const [date, rest = ''] = iso.replace('Z', '').split('T');
  const [time = '00:00:00', fraction = ''] = rest.split('.');
  return `${date}T${time}.${fraction.padEnd(6, '0').slice(0, 6)}`;
}

/** What the caller may see beyond the basics (each a policy decision of the handler). */
export interface ServerViewOptions {
  /** os-extended-server-attributes (admins by default). */
  extendedAttributes: boolean;
  /** The flavor's extra specs (2.47+, servers:show:flavor-extra-specs). */
  flavorExtraSpecs: boolean;
  /** host_status (2.16+) when the caller may see it, else undefined. */
  hostStatus?: string;
  /** `server_groups` (2.71+): shown by show, update and rebuild, not by the list. */
  serverGroups: boolean;
  /** Whether the caller is an admin (fault details of 500s). */
  isAdmin: boolean;
  /** What answers: PUT and rebuild before 2.75 show a reduced set of attributes; rebuild never shows user_data. */
  mode?: 'show' | 'update' | 'rebuild';
}

/** GET /servers: id, name, links. */
export function serverBasicView(ctx: ComputeContext, record: ServerRecord): Record<string, unknown> {
  return { id: record.row.id, name: record.row.name, links: resourceLinks(ctx, 'servers', record.row.id) };
}

function flavorOf(request: FastifyRequest, ctx: ComputeContext, record: ServerRecord, specs: boolean) {
  const flavor = record.flavor;
  if (atLeast(request, '2.47')) {
    return {
      vcpus: flavor.vcpus,
      ram: flavor.ram,
      disk: flavor.disk,
      ephemeral: flavor.ephemeral,
      swap: flavor.swap,
      original_name: flavor.name,
      ...(specs ? { extra_specs: flavor.extra_specs ?? {} } : {}),
    };
  }
  return { id: String(flavor.id), links: [{ rel: 'bookmark', href: bookmarkHref(ctx, 'flavors', flavor.id) }] };
}

function faultOf(record: ServerRecord, isAdmin: boolean): Record<string, unknown> | undefined {
  if (!record.row.fault) return undefined;
  const fault = JSON.parse(record.row.fault) as { code: number; message: string; details?: string; created: string };
  return {
    code: fault.code,
    created: isoTime(fault.created),
    message: fault.message,
    ...(fault.details && (isAdmin || fault.code !== 500) ? { details: fault.details } : {}),
  };
}

/** A server in full (GET /servers/{id}, /servers/detail, and PUT/rebuild answers). */
export function serverView(
  ctx: ComputeContext,
  request: FastifyRequest,
  record: ServerRecord,
  options: ServerViewOptions,
): Record<string, unknown> {
  const { row } = record;
  const status = statusOf(row);
  const mode = options.mode ?? 'show';
  const full = mode === 'show' || atLeast(request, '2.75');
  const view: Record<string, unknown> = {
    accessIPv4: row.access_ip_v4 ?? '',
    accessIPv6: row.access_ip_v6 ?? '',
    // From the ports the agent bound (Nova's info cache); none until they exist.
    addresses: addressesOf(record.requestSpec.network_info ?? []),
    created: isoTime(row.created_at),
    flavor: flavorOf(request, ctx, record, options.flavorExtraSpecs),
    hostId: hostIdOf(row),
    id: row.id,
    image: row.image_id
      ? { id: row.image_id, links: [{ rel: 'bookmark', href: bookmarkHref(ctx, 'images', row.image_id) }] }
      : '',
    links: resourceLinks(ctx, 'servers', row.id),
    metadata: record.metadata,
    name: row.name,
    status,
    tenant_id: row.project_id,
    user_id: row.user_id,
    updated: isoTime(row.updated_at),
    'OS-DCF:diskConfig': record.requestSpec.auto_disk_config ? 'AUTO' : 'MANUAL',
  };
  if (FAULT_STATUSES.has(status)) {
    const fault = faultOf(record, options.isAdmin);
    if (fault) view.fault = fault;
  }
  if (PROGRESS_STATUSES.has(status)) view.progress = row.progress;
  // Nova lists the security groups of the server's ports, and omits the key for a server without any.
  if (full && (record.requestSpec.network_info?.length ?? 0) > 0) {
    view.security_groups = (record.requestSpec.security_groups ?? ['default']).map((name) => ({ name }));
  }
  if (full) {
    view['OS-EXT-AZ:availability_zone'] = row.availability_zone ?? (row.host ? ctx.config.defaultAvailabilityZone : '');
    view.config_drive = row.config_drive;
    view.key_name = row.key_name;
    view['OS-SRV-USG:launched_at'] = naiveTime(row.launched_at);
    view['OS-SRV-USG:terminated_at'] = naiveTime(row.terminated_at);
  } else if (mode === 'rebuild' && atLeast(request, '2.54')) {
    // Rebuild shows the key pair from 2.54 even in its reduced view.
    view.key_name = row.key_name;
  }
  if (full && options.extendedAttributes) {
    view['OS-EXT-SRV-ATTR:host'] = row.host;
    view['OS-EXT-SRV-ATTR:instance_name'] = `instance-${row.id.slice(0, 8)}`;
    view['OS-EXT-SRV-ATTR:hypervisor_hostname'] = row.node;
    if (atLeast(request, '2.3')) {
      view['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
      view['OS-EXT-SRV-ATTR:kernel_id'] = '';
      view['OS-EXT-SRV-ATTR:launch_index'] = row.launch_index;
      view['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      view['OS-EXT-SRV-ATTR:reservation_id'] = row.reservation_id;
      view['OS-EXT-SRV-ATTR:root_device_name'] = row.launched_at ? '/dev/vda' : null;
      if (mode !== 'rebuild') view['OS-EXT-SRV-ATTR:user_data'] = row.user_data;
    }
  }
  if (full) {
    view['OS-EXT-STS:task_state'] = row.task_state;
    view['OS-EXT-STS:vm_state'] = row.vm_state;
    view['OS-EXT-STS:power_state'] = row.power_state;
    view['os-extended-volumes:volumes_attached'] = [];
  }
  if (atLeast(request, '2.9')) view.locked = row.locked === 1;
  if (full && atLeast(request, '2.16') && options.hostStatus !== undefined) view.host_status = options.hostStatus;
  if (atLeast(request, '2.19')) view.description = row.description;
  if (atLeast(request, '2.26')) view.tags = record.tags;
  if (atLeast(request, '2.63')) view.trusted_image_certificates = record.requestSpec.trusted_certs ?? null;
  if (options.serverGroups && atLeast(request, '2.71')) view.server_groups = record.groups;
  if (atLeast(request, '2.73')) view.locked_reason = row.locked_reason;
  if (atLeast(request, '2.90') && !(full && options.extendedAttributes)) {
    view['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
  }
  if (full && atLeast(request, '2.96')) view.pinned_availability_zone = record.requestSpec.availability_zone ?? null;
  return view;
}
