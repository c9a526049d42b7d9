// Server actions (POST /servers/{id}/action): each checks the lock and the instance state as Nova's compute API does,
// sets the transitional task state with a compare-and-set, records the instance action and enqueues the task.
import { BadRequest, Conflict, NotFound } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import { findInstance, updateInstance } from './db/instances.js';
import { findKeypair } from './db/keypairs.js';
import { writeMetadata } from './db/metadata.js';
import type { InstanceRow, VmState } from './db/tables.js';
import { type Flavor, getFlavor } from './flavors.js';
import { checkInstanceState, checkLock, type StateRule } from './instance-state.js';
import { checkMetadataQuota, checkResizeQuota } from './quotas.js';
import { idFromHref } from './server-create.js';
import { recordAction, serverNotFound } from './servers.js';
import { enqueueTask } from './tasks.js';

/** How one task action is started. */
interface TaskAction {
  /** The name in Nova's 409 messages and instance actions (`pause`, `revertResize`, …). */
  action: string;
  /** The task kind the engine runs. */
  kind: string;
  state: StateRule;
  /** The task state set while the engine works. */
  taskState: string;
  /** Nova's check_instance_host: the server must have a host (409 "is not ready" otherwise). */
  needsHost: boolean;
  /** Conductor work (host null) rather than the host agent's. */
  conductor?: boolean;
  /** Nova's snapshot is the one action without check_instance_lock. */
  ignoresLock?: boolean;
}

const RUNNING: VmState[] = ['active', 'stopped', 'paused', 'suspended'];

/** The simple task actions, as nova/compute/api.py decorates them. */
export const TASK_ACTIONS = {
  /** Cold migration (admin): a resize to the same flavor on another host, confirmed or reverted like one. */
  migrate: {
    action: 'migrate',
    kind: 'migrate',
    state: { vmStates: ['active', 'stopped'] },
    taskState: 'resize_prep',
    needsHost: true,
    conductor: true,
  },
  start: {
    action: 'start',
    kind: 'start',
    state: { vmStates: ['stopped'] },
    taskState: 'powering-on',
    needsHost: true,
  },
  stop: {
    action: 'stop',
    kind: 'stop',
    state: { vmStates: ['active', 'error'] },
    taskState: 'powering-off',
    needsHost: true,
  },
  softReboot: {
    action: 'reboot',
    kind: 'reboot',
    state: { vmStates: ['active'], taskStates: [null] },
    taskState: 'rebooting',
    needsHost: true,
  },
  hardReboot: {
    action: 'reboot',
    kind: 'reboot',
    state: {
      vmStates: ['active', 'stopped', 'paused', 'suspended', 'error'],
      taskStates: [
        null,
        'rebooting',
        'reboot_pending',
        'reboot_started',
        'resuming',
        'rebooting_hard',
        'unpausing',
        'pausing',
        'suspending',
      ],
    },
    taskState: 'rebooting_hard',
    needsHost: true,
  },
  pause: { action: 'pause', kind: 'pause', state: { vmStates: ['active'] }, taskState: 'pausing', needsHost: true },
  unpause: {
    action: 'unpause',
    kind: 'unpause',
    state: { vmStates: ['paused'] },
    taskState: 'unpausing',
    needsHost: true,
  },
  suspend: {
    action: 'suspend',
    kind: 'suspend',
    state: { vmStates: ['active'] },
    taskState: 'suspending',
    needsHost: true,
  },
  resume: {
    action: 'resume',
    kind: 'resume',
    state: { vmStates: ['suspended'] },
    taskState: 'resuming',
    needsHost: true,
  },
  rescue: {
    action: 'rescue',
    kind: 'rescue',
    state: { vmStates: ['active', 'stopped', 'error'] },
    taskState: 'rescuing',
    needsHost: true,
  },
  unrescue: {
    action: 'unrescue',
    kind: 'unrescue',
    state: { vmStates: ['rescued'] },
    taskState: 'unrescuing',
    needsHost: true,
  },
  confirmResize: {
    action: 'confirmResize',
    kind: 'confirm_resize',
    state: { vmStates: ['resized'] },
    taskState: 'resize_confirming',
    needsHost: true,
  },
  revertResize: {
    action: 'revertResize',
    kind: 'revert_resize',
    state: { vmStates: ['resized'] },
    taskState: 'resize_reverting',
    needsHost: true,
  },
  shelve: { action: 'shelve', kind: 'shelve', state: { vmStates: RUNNING }, taskState: 'shelving', needsHost: true },
  shelveOffload: {
    action: 'shelveOffload',
    kind: 'shelve_offload',
    state: { vmStates: ['shelved'] },
    taskState: 'shelving_offloading',
    needsHost: true,
  },
  unshelve: {
    action: 'unshelve',
    kind: 'unshelve',
    state: { vmStates: ['shelved', 'shelved_offloaded'] },
    taskState: 'unshelving',
    needsHost: false,
    conductor: true,
  },
} satisfies Record<string, TaskAction>;

/**
 * Starts a task action: lock, host and state checks (in Nova's decorator order), the task state set only if the
 * instance still is as checked, the action recorded, the task enqueued.
 *
 * @throws Conflict (409) when locked, not ready, in the wrong state, or changed meanwhile.
 */
export async function startTask(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  spec: TaskAction,
  params: Record<string, unknown> = {},
  changes: Partial<InstanceRow> = {},
): Promise<void> {
  if (!spec.ignoresLock) checkLock(row, caller);
  if (spec.needsHost && !row.host) throw new Conflict(`Instance ${row.id} is not ready`);
  checkInstanceState(row, spec.action, spec.state);
  const taskStates = 'taskStates' in spec.state ? spec.state.taskStates : [null];
  const started = await updateInstance(
    ctx.db,
    row.id,
    { ...changes, task_state: spec.taskState, updated_at: new Date().toISOString() },
    { vmStates: [row.vm_state], ...(taskStates !== undefined ? { taskStates: [row.task_state] } : {}) },
  );
  if (!started) {
    // Another request moved the instance between our read and our write: report its state now, as Nova's
    // UnexpectedTaskStateError does.
    const now = await findInstance(ctx.db, row.id);
    if (!now) throw serverNotFound(row.id);
    throw new Conflict(
      `Conflict updating instance ${row.id}. Expected: {'task_state': [${row.task_state === null ? 'None' : `'${row.task_state}'`}]}. Actual: {'task_state': ${now.task_state === null ? 'None' : `'${now.task_state}'`}}`,
    );
  }
  await recordAction(ctx, caller, row.id, spec.action);
  await enqueueTask(ctx, {
    instanceId: row.id,
    kind: spec.kind,
    params,
    host: spec.conductor ? null : row.host,
    requestId: caller.requestId,
  });
}

/** Locks a server (API only): owner or admin recorded as `locked_by`, the reason kept from 2.73. */
export async function lockServer(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  reason: string | null,
): Promise<void> {
  const isOwner = row.project_id === caller.projectId;
  // Nova: an owner's second lock changes nothing (an admin's replaces it).
  if (row.locked === 1 && isOwner) return;
  await recordAction(ctx, caller, row.id, 'lock');
  await updateInstance(ctx.db, row.id, {
    locked: 1,
    locked_by: isOwner ? 'owner' : 'admin',
    locked_reason: reason,
    updated_at: new Date().toISOString(),
  });
}

/** Nova's `is_expected_locked_by`: whether the caller unlocks its own kind of lock (owner's or admin's). */
export function isExpectedLocker(caller: Caller, row: InstanceRow): boolean {
  const expected = row.project_id === caller.projectId ? 'owner' : 'admin';
  return !row.locked_by || row.locked_by === expected;
}

/** Unlocks a server (API only). */
export async function unlockServer(ctx: ComputeContext, caller: Caller, row: InstanceRow): Promise<void> {
  await recordAction(ctx, caller, row.id, 'unlock');
  await updateInstance(ctx.db, row.id, {
    locked: 0,
    locked_by: null,
    locked_reason: null,
    updated_at: new Date().toISOString(),
  });
}

/**
 * Starts a resize to `flavorRef` (conductor work). Nova refuses the same flavor, a zero-disk flavor for a server
 * with a disk, and a growth beyond the cores/ram quota.
 */
export async function resizeServer(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  flavorRef: string,
  autoDiskConfig?: boolean,
): Promise<void> {
  checkLock(row, caller);
  checkInstanceState(row, 'resize', { vmStates: ['active', 'stopped'] });
  if (!row.host) throw new Conflict(`Instance ${row.id} is not ready`);
  const current = JSON.parse(row.flavor) as Flavor;
  const flavorId = idFromHref(flavorRef);
  let flavor: Flavor;
  try {
    flavor = await getFlavor(ctx, caller, flavorId);
  } catch (err) {
    if (err instanceof NotFound) throw new BadRequest(err.message);
    throw err;
  }
  if (flavor.disabled === 1) throw new BadRequest(`Flavor ${flavorId} could not be found.`);
  if (flavor.id === current.id) throw new BadRequest('When resizing, instances must change flavor!');
  if (flavor.disk === 0 && current.disk !== 0) {
    throw new BadRequest('Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.');
  }
  await checkResizeQuota(ctx, row.project_id, { vcpus: flavor.vcpus - current.vcpus, ram: flavor.ram - current.ram });
  await startTask(
    ctx,
    caller,
    row,
    {
      action: 'resize',
      kind: 'resize',
      state: { vmStates: ['active', 'stopped'] },
      taskState: 'resize_prep',
      needsHost: true,
      conductor: true,
    },
    { flavor_id: flavor.id, flavor, ...(autoDiskConfig !== undefined ? { auto_disk_config: autoDiskConfig } : {}) },
    { progress: 0 },
  );
}

/** What a rebuild may change besides the image. */
export interface RebuildInput {
  imageRef: string;
  name?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  accessIPv4?: string;
  accessIPv6?: string;
  /** undefined: keep; null: remove (2.54). */
  keyName?: string | null;
  userData?: string | null;
  trustedCerts?: string[] | null;
  hostname?: string;
  preserveEphemeral: boolean;
  autoDiskConfig?: boolean;
}

/** Starts a rebuild (Nova's compute API `rebuild`): the new image must be visible, active and fit the flavor. */
export async function rebuildServer(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  input: RebuildInput,
): Promise<void> {
  checkLock(row, caller);
  checkInstanceState(row, 'rebuild', { vmStates: ['active', 'stopped', 'error'] });
  const imageId = idFromHref(input.imageRef);
  const image = await ctx.images.get(imageId, caller.projectId);
  if (!image) throw new BadRequest('Cannot find image for rebuild');
  const flavor = JSON.parse(row.flavor) as Flavor;
  if (image.status !== 'active') throw new BadRequest(`Image ${image.id} is not active.`);
  if (flavor.ram < image.minRam) throw new BadRequest("Flavor's memory is too small for requested image.");
  if (flavor.disk > 0 && image.minDisk > flavor.disk) {
    throw new BadRequest(
      "Flavor's disk is smaller than the minimum size specified in image metadata. " +
        `Flavor disk is ${flavor.disk * 1024 ** 3} bytes, minimum size is ${image.minDisk * 1024 ** 3} bytes.`,
    );
  }
  const changes: Partial<InstanceRow> = { image_id: image.id };
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.description !== undefined) changes.description = input.description;
  if (input.accessIPv4 !== undefined) changes.access_ip_v4 = input.accessIPv4;
  if (input.accessIPv6 !== undefined) changes.access_ip_v6 = input.accessIPv6;
  if (input.userData !== undefined) changes.user_data = input.userData;
  if (input.hostname !== undefined) changes.hostname = input.hostname;
  if (input.keyName !== undefined) {
    if (input.keyName === null) {
      changes.key_name = null;
      changes.key_data = null;
    } else {
      const keypair = await findKeypair(ctx.db, caller.userId, input.keyName);
      if (!keypair) throw new BadRequest('Invalid key_name provided.');
      changes.key_name = keypair.name;
      changes.key_data = keypair.public_key;
    }
  }
  if (input.trustedCerts !== undefined || input.autoDiskConfig !== undefined) {
    const spec = JSON.parse(row.request_spec || '{}') as Record<string, unknown>;
    if (input.trustedCerts !== undefined) spec.trusted_certs = input.trustedCerts;
    if (input.autoDiskConfig !== undefined) spec.auto_disk_config = input.autoDiskConfig;
    changes.request_spec = JSON.stringify(spec);
  }
  if (input.metadata !== undefined) await checkMetadataQuota(ctx, row.project_id, Object.keys(input.metadata).length);
  await startTask(
    ctx,
    caller,
    row,
    {
      action: 'rebuild',
      kind: 'rebuild',
      state: { vmStates: ['active', 'stopped', 'error'] },
      taskState: 'rebuilding',
      needsHost: true,
    },
    { image_id: image.id, preserve_ephemeral: input.preserveEphemeral },
    changes,
  );
  if (input.metadata !== undefined) await writeMetadata(ctx.db, row.id, input.metadata, true);
}

/**
 * Starts a snapshot (Nova's compute API `snapshot`): a queued image owned by the server's project is created in
 * Glance now; the host's agent uploads the data. Returns the image id.
 */
export async function createServerImage(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  name: string,
  metadata: Record<string, string>,
  backup?: { type: string; rotation: number },
): Promise<string> {
  const action = backup ? 'createBackup' : 'createImage';
  checkInstanceState(row, action, { vmStates: RUNNING });
  if (!row.host) throw new Conflict(`Instance ${row.id} is not ready`);
  const image = await ctx.images.create({
    name,
    owner: row.project_id,
    properties: {
      instance_uuid: row.id,
      user_id: caller.userId,
      image_type: backup ? 'backup' : 'snapshot',
      ...(backup ? { backup_type: backup.type } : {}),
      ...(row.image_id ? { base_image_ref: row.image_id } : {}),
      ...metadata,
    },
  });
  await startTask(
    ctx,
    caller,
    row,
    {
      action,
      ignoresLock: true,
      kind: 'create_image',
      state: { vmStates: RUNNING },
      taskState: 'image_snapshot_pending',
      needsHost: true,
    },
    { image_id: image.id, name, ...(backup ? { backup_type: backup.type, rotation: backup.rotation } : {}) },
  );
  return image.id;
}

/** Starts a shelve: like Nova, the snapshot image (`<name>-shelved`) is created here and handed to the agent. */
export async function shelveServer(ctx: ComputeContext, caller: Caller, row: InstanceRow): Promise<void> {
  checkLock(row, caller);
  if (!row.host) throw new Conflict(`Instance ${row.id} is not ready`);
  checkInstanceState(row, 'shelve', TASK_ACTIONS.shelve.state);
  const image = await ctx.images.create({
    name: `${row.name}-shelved`,
    owner: row.project_id,
    properties: { instance_uuid: row.id, user_id: caller.userId, image_type: 'snapshot' },
  });
  await startTask(ctx, caller, row, TASK_ACTIONS.shelve, { image_id: image.id });
}

/** os-getConsoleOutput: the last `length` lines (all when undefined) from the host's driver, control chars removed. */
export async function consoleOutput(ctx: ComputeContext, row: InstanceRow, length?: number): Promise<string> {
  if (!row.host) throw new Conflict(`Instance ${row.id} is not ready`);
  const output = await ctx.rpc.consoleOutput(row.host, row.id, length);
  // Nova strips the C0 control characters but tab and newline (they are not valid in XML 1.0).
  return [...output].filter((c) => c === '\t' || c === '\n' || c.charCodeAt(0) > 0x1f).join('');
}

/** os-resetState (admin): forces vm_state active or error and clears the task, as Nova's admin action does. */
export async function resetServerState(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  state: 'active' | 'error',
): Promise<void> {
  await recordAction(ctx, caller, row.id, 'resetState');
  await updateInstance(ctx.db, row.id, { vm_state: state, task_state: null, updated_at: new Date().toISOString() });
}
