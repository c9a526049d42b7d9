// Server create (Nova's compute API `create`): resolve the flavor, image, key pair, zone and group a request names,
// check quota, write one instance row per server with its request spec, and hand each to the conductor.
import { randomBytes } from 'node:crypto';
import { BadRequest, Forbidden, NotFound, newUuid, OverQuota } from '@nubo/core';
import { isZoneAvailable } from './availability-zones.js';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import { insertInstances } from './db/instances.js';
import { findKeypair } from './db/keypairs.js';
import { writeMetadata } from './db/metadata.js';
import { findServerGroup, insertGroupMembers, listGroupMembers } from './db/server-groups.js';
import type { InstanceRow } from './db/tables.js';
import { replaceTags } from './db/tags.js';
import { type Flavor, getFlavor } from './flavors.js';
import type { ImageInfo } from './images.js';
import { checkInstanceQuota, checkMetadataQuota, quotaLimits } from './quotas.js';
import { type RequestSpec, recordAction } from './servers.js';
import { enqueueTask } from './tasks.js';

/** A create request, validated against its microversion's schema and read by the handler. */
export interface ServerCreate {
  name: string;
  description: string | null;
  hostname?: string;
  imageRef?: string;
  flavorRef: string;
  adminPass: string;
  keyName?: string;
  metadata: Record<string, string>;
  userData?: string | null;
  configDrive: boolean;
  availabilityZone?: string;
  accessIPv4?: string;
  accessIPv6?: string;
  /** 'auto', 'none', a list of {uuid, port, fixed_ip, tag}, or undefined (before 2.37: Nova's default network). */
  networks?: unknown;
  /** The caller's token: Networking checks the networks and ports it names with the caller's own rights. */
  userToken?: string;
  securityGroups: string[];
  schedulerHints: Record<string, unknown>;
  minCount: number;
  maxCount: number;
  tags: string[];
  blockDeviceMapping: Record<string, unknown>[];
  trustedCerts?: string[] | null;
  requestedHost?: string;
  requestedHypervisorHostname?: string;
  autoDiskConfig: boolean;
}

/** What create answers with: the instances it wrote and their reservation id. */
export interface ServerCreateResult {
  instances: InstanceRow[];
  reservationId: string;
}

/** Nova's `common.get_id_from_href`: the last path segment of a URL, or the text itself. */
export function idFromHref(href: string): string {
  const path = href.includes('://') ? new URL(href).pathname : href;
  return path.replace(/\/+$/, '').split('/').pop() ?? href;
}

/** Nova's `utils.sanitize_hostname`. */
export function sanitizeHostname(name: string, fallback: string): string {
  // Python's encode('latin-1', 'ignore'): characters beyond U+00FF are dropped.
  let host = [...name]
    .filter((c) => c.charCodeAt(0) <= 0xff)
    .join('')
    .slice(0, 63);
  host = host
    .replace(/[ _.]/g, '-')
    .replace(/[^\w.-]+/g, '')
    .toLowerCase()
    .replace(/^[.-]+|[.-]+$/g, '');
  return host === '' ? fallback.slice(0, 63) : host;
}

/** Nova's reservation ids: `r-` and eight random lowercase letters and digits. */
function newReservationId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `r-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** Nova's `_check_requested_image`: the image must be active and fit the flavor. */
function checkImageFitsFlavor(image: ImageInfo, flavor: Flavor): void {
  if (image.status !== 'active') throw new BadRequest(`Image ${image.id} is not active.`);
  if (flavor.ram < image.minRam) throw new BadRequest("Flavor's memory is too small for requested image.");
  if (flavor.disk === 0) return;
  const flavorBytes = flavor.disk * 1024 ** 3;
  if ((image.size ?? 0) > flavorBytes) {
    throw new BadRequest(
      `Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, image is ${image.size} bytes.`,
    );
  }
  if (image.minDisk > flavor.disk) {
    throw new BadRequest(
      "Flavor's disk is smaller than the minimum size specified in image metadata. " +
        `Flavor disk is ${flavorBytes} bytes, minimum size is ${image.minDisk * 1024 ** 3} bytes.`,
    );
  }
}

/** Nova's `parse_availability_zone`: `zone`, `zone:host`, `zone::node` or `zone:host:node`. */
function parseZone(text: string | undefined): { zone?: string; host?: string; node?: string } {
  if (!text?.includes(':')) return text ? { zone: text } : {};
  const parts = text.split(':');
  if (parts.length > 3) throw new BadRequest('Unable to parse availability_zone');
  const [zone, host, node] = parts;
  return { ...(zone ? { zone } : {}), ...(host ? { host } : {}), ...(node ? { node } : {}) };
}

/** The image to boot from: imageRef, or the boot-index-0 image of a block_device_mapping_v2 booting locally. */
function bootImageId(input: ServerCreate): string {
  if (input.imageRef) return idFromHref(input.imageRef);
  if (input.blockDeviceMapping.length === 0) throw new BadRequest('Missing imageRef attribute');
  const root = input.blockDeviceMapping.find((b) => String(b.boot_index ?? '') === '0');
  const imageId = root && root.source_type === 'image' ? (root.uuid ?? root.image_id) : undefined;
  if (typeof imageId !== 'string' || root?.destination_type === 'volume') {
    // nubo has no block storage yet: only a local disk from an image can be booted.
    throw new BadRequest('Block Device Mapping is Invalid: volumes are not supported by this cloud.');
  }
  return imageId;
}

/**
 * Creates `minCount`..`maxCount` servers (as many as quota allows within that range), each a `building` instance
 * with task `scheduling`, and enqueues one `build` task per server for the conductor.
 *
 * @param authorize Nova's `context.can` for the rules that depend on what the request resolves to.
 * @throws BadRequest for a flavor, image, key pair, zone or group that does not resolve (Nova answers 400 there).
 * @throws OverQuota (403) when not even `minCount` servers fit in the quota.
 */
export async function createServers(
  ctx: ComputeContext,
  caller: Caller,
  input: ServerCreate,
  authorize: (rule: string) => void,
): Promise<ServerCreateResult> {
  if (input.minCount > input.maxCount) throw new BadRequest('min_count must be <= max_count');
  const where = parseZone(input.availabilityZone);
  if (where.host || where.node) authorize('os_compute_api:servers:create:forced_host');
  if (input.requestedHost || input.requestedHypervisorHostname) {
    authorize('compute:servers:create:requested_destination');
    if (where.host || where.node) {
      throw new BadRequest(
        'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
      );
    }
  }
  if (input.blockDeviceMapping.length > 0) authorize('os_compute_api:servers:create:attach_volume');
  const imageId = bootImageId(input);
  const networks = input.networks;
  if ((Array.isArray(networks) && networks.length > 0) || networks === 'auto') {
    authorize('os_compute_api:servers:create:attach_network');
  }
  if (input.trustedCerts) authorize('os_compute_api:servers:create:trusted_certs');

  const flavorId = idFromHref(input.flavorRef);
  let flavor: Flavor;
  try {
    flavor = await getFlavor(ctx, caller, flavorId);
  } catch (err) {
    if (err instanceof NotFound) throw new BadRequest(err.message);
    throw err;
  }
  if (flavor.disabled === 1) throw new BadRequest(`Flavor ${flavorId} could not be found.`);
  const image = await ctx.images.get(imageId, caller.projectId);
  if (!image) throw new BadRequest('Can not find requested image');
  checkImageFitsFlavor(image, flavor);
  if (flavor.disk === 0) {
    try {
      authorize('os_compute_api:servers:create:zero_disk_flavor');
    } catch {
      throw new Forbidden('Only volume-backed servers are allowed for flavors with zero disk.');
    }
  }

  let keyData: string | null = null;
  if (input.keyName !== undefined) {
    const keypair = await findKeypair(ctx.db, caller.userId, input.keyName);
    if (!keypair) throw new BadRequest('Invalid key_name provided.');
    keyData = keypair.public_key;
  }
  if (where.zone && !where.host && !(await isZoneAvailable(ctx, where.zone))) {
    throw new BadRequest('The requested availability zone is not available');
  }
  if (input.hostname !== undefined && input.maxCount > 1) {
    throw new BadRequest('Unable to allocate a unique hostname to multiple instances: do not request a hostname.');
  }
  const metadataItems = Object.keys(input.metadata).length;
  if (metadataItems > 0) await checkMetadataQuota(ctx, caller.projectId, metadataItems);

  let group: RequestSpec['group'] = null;
  const groupId = input.schedulerHints.group;
  if (typeof groupId === 'string') {
    const row = await findServerGroup(ctx.db, groupId);
    if (!row || (!caller.isAdmin && row.project_id !== caller.projectId)) {
      throw new BadRequest(`Instance group ${groupId} could not be found.`);
    }
    group = { id: row.id, policy: row.policy, rules: JSON.parse(row.rules || '{}') as Record<string, unknown> };
  }

  const securityGroups = input.securityGroups.length > 0 ? input.securityGroups : ['default'];
  const requestedNetworks = await ctx.network.resolve(
    input.userToken ?? '',
    caller.projectId,
    networks,
    securityGroups,
  );
  const count = await checkInstanceQuota(ctx, caller.projectId, flavor, input.minCount, input.maxCount);
  if (group) {
    const members = (await listGroupMembers(ctx.db, [group.id])).get(group.id) ?? [];
    const limit = (await quotaLimits(ctx, caller.projectId)).server_group_members;
    if (limit >= 0 && members.length + count > limit) {
      throw new OverQuota('Quota exceeded, too many servers in group');
    }
  }

  const now = new Date().toISOString();
  const reservationId = newReservationId();
  const requestSpec: RequestSpec = {
    flavor,
    image: {
      id: image.id,
      name: image.name,
      properties: image.properties,
      min_disk: image.minDisk,
      min_ram: image.minRam,
      size: image.size,
    },
    scheduler_hints: input.schedulerHints,
    group,
    availability_zone: where.zone ?? null,
    forced_host: where.host ?? null,
    forced_node: where.node ?? null,
    requested_host: input.requestedHost ?? null,
    requested_hypervisor_hostname: input.requestedHypervisorHostname ?? null,
    networks: networks ?? null,
    requested_networks: requestedNetworks,
    security_groups: securityGroups,
    block_device_mapping: input.blockDeviceMapping,
    num_instances: count,
    auto_disk_config: input.autoDiskConfig,
    trusted_certs: input.trustedCerts ?? null,
  };
  const instances: InstanceRow[] = [];
  for (let index = 0; index < count; index++) {
    const id = newUuid();
    // Nova's multi_instance_display_name_template '%(name)s-%(count)d' applies when more than one is asked for.
    const name = input.maxCount > 1 ? `${input.name}-${index + 1}` : input.name;
    instances.push({
      id,
      name,
      project_id: caller.projectId,
      user_id: caller.userId,
      flavor: JSON.stringify(flavor),
      old_flavor: null,
      image_id: image.id,
      key_name: input.keyName ?? null,
      key_data: keyData,
      vm_state: 'building',
      task_state: 'scheduling',
      power_state: 0,
      host: null,
      node: null,
      requested_az: where.zone ?? null,
      availability_zone: where.zone ?? null,
      user_data: input.userData ?? null,
      config_drive: input.configDrive ? 'True' : '',
      access_ip_v4: input.accessIPv4 ?? null,
      access_ip_v6: input.accessIPv6 ?? null,
      description: input.description,
      hostname: input.hostname ?? sanitizeHostname(name, `Server-${id}`),
      locked: 0,
      locked_reason: null,
      locked_by: null,
      reservation_id: reservationId,
      launch_index: index,
      progress: 0,
      fault: null,
      driver_state: null,
      request_spec: JSON.stringify(requestSpec),
      launched_at: null,
      terminated_at: null,
      created_at: now,
      updated_at: now,
      deleted: 0,
      deleted_at: null,
    });
  }
  await insertInstances(ctx.db, instances);
  for (const instance of instances) {
    if (Object.keys(input.metadata).length > 0) await writeMetadata(ctx.db, instance.id, input.metadata, true);
    if (input.tags.length > 0) await replaceTags(ctx.db, instance.id, input.tags);
    await recordAction(ctx, caller, instance.id, 'create');
  }
  if (group)
    await insertGroupMembers(
      ctx.db,
      group.id,
      instances.map((i) => i.id),
    );
  for (const instance of instances) {
    await enqueueTask(ctx, { instanceId: instance.id, kind: 'build', host: null, requestId: caller.requestId });
  }
  return { instances, reservationId };
}
