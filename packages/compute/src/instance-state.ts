// Nova's instance states: the API status derived from vm_state + task_state (nova/api/openstack/common.py), and the
// state and lock checks every action makes before it starts (nova/compute/api.py check_instance_state, _lock).
import { Conflict } from '@nubo/core';
import type { Caller } from './caller.js';
import type { InstanceRow, VmState } from './db/tables.js';

const STATE_MAP: Record<string, Record<string, string>> = {
  active: {
    default: 'ACTIVE',
    rebooting: 'REBOOT',
    reboot_pending: 'REBOOT',
    reboot_started: 'REBOOT',
    rebooting_hard: 'HARD_REBOOT',
    reboot_pending_hard: 'HARD_REBOOT',
    reboot_started_hard: 'HARD_REBOOT',
    updating_password: 'PASSWORD',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
    migrating: 'MIGRATING',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    resize_prep: 'RESIZE',
    resize_migrating: 'RESIZE',
    resize_migrated: 'RESIZE',
    resize_finish: 'RESIZE',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
  },
  resized: { default: 'VERIFY_RESIZE', resize_reverting: 'REVERT_RESIZE' },
  paused: { default: 'PAUSED', migrating: 'MIGRATING' },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: {
    default: 'ERROR',
    rebuilding: 'REBUILD',
    rebuild_block_device_mapping: 'REBUILD',
    rebuild_spawning: 'REBUILD',
  },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

/** The API status of an instance (`DELETED` for deleted rows whatever their states). */
export function statusOf(row: Pick<InstanceRow, 'vm_state' | 'task_state' | 'deleted'>): string {
  if (row.deleted) return 'DELETED';
  const map = STATE_MAP[row.vm_state] ?? { default: 'UNKNOWN' };
  return (row.task_state !== null ? map[row.task_state] : undefined) ?? map.default ?? 'UNKNOWN';
}

/**
 * Nova's `task_and_vm_state_from_status`: the vm_states and task_states a `status=` filter means. `default` in the
 * task states means "any task state".
 */
export function statesForStatuses(statuses: string[]): { vmStates: string[]; taskStates: string[] } {
  const wanted = new Set(statuses.map((s) => s.toLowerCase()));
  const vmStates = new Set<string>();
  const taskStates = new Set<string>();
  for (const [vmState, map] of Object.entries(STATE_MAP)) {
    for (const [taskState, status] of Object.entries(map)) {
      if (wanted.has(status.toLowerCase())) {
        vmStates.add(vmState);
        taskStates.add(taskState);
      }
    }
  }
  return { vmStates: [...vmStates].sort(), taskStates: [...taskStates].sort() };
}

/** What an action requires of an instance (Nova's `check_instance_state` arguments). */
export interface StateRule {
  /** Allowed vm_states; undefined allows any. */
  vmStates?: VmState[];
  /** Allowed task states (null: none running); undefined allows any. Nova's default is [null]. */
  taskStates?: (string | null)[] | undefined;
  /** The instance must have been launched once (launched_at set); Nova's default is true. */
  mustHaveLaunched?: boolean;
}

/**
 * Throws Nova's 409 when the instance is not in a state the action allows:
 * "Cannot 'pause' instance <id> while it is in vm_state stopped".
 */
export function checkInstanceState(row: InstanceRow, action: string, rule: StateRule): void {
  const taskStates = 'taskStates' in rule ? rule.taskStates : [null];
  const fail = (attr: string, state: string | null) =>
    new Conflict(`Cannot '${action}' instance ${row.id} while it is in ${attr} ${state ?? 'None'}`);
  if (rule.vmStates !== undefined && !rule.vmStates.includes(row.vm_state)) throw fail('vm_state', row.vm_state);
  if (taskStates !== undefined && !taskStates.includes(row.task_state)) throw fail('task_state', row.task_state);
  if ((rule.mustHaveLaunched ?? true) && !row.launched_at) throw fail('launched_at', null);
}

/** Nova's `check_instance_lock`: a locked instance refuses actions from anyone but an admin (409). */
export function checkLock(row: InstanceRow, caller: Caller): void {
  if (row.locked === 1 && !caller.isAdmin) throw new Conflict(`Instance ${row.id} is locked`);
}
