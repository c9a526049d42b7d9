// The actions that move a server between states with one driver call (Nova's start/stop/reboot/pause/unpause/
// suspend/resume/rescue/unrescue_instance): the API has set the task state; the agent calls the driver and sets the
// end state, or records a fault.
import { findInstance } from '../db/instances.js';
import type { TaskRow, VmState } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import type { DriverInstance, DriverResult } from '../drivers/driver.js';
import { type AgentContext, driverInstanceOf, faultJson, messageOf, saveInstance } from './context.js';

interface PowerAction {
  /** The vm_state the action ends in. */
  vmState: VmState;
  call(a: AgentContext, instance: DriverInstance, params: Record<string, unknown>): Promise<DriverResult>;
  /** Nova puts a server whose reboot failed in ERROR; the others keep their vm_state. */
  errorOnFailure?: boolean;
}

/** Task kind → what it does (the API's transitional task states are whatever it set). */
export const POWER_ACTIONS: Record<string, PowerAction> = {
  start: { vmState: 'active', call: (a, i) => a.driver.powerOn(i) },
  stop: { vmState: 'stopped', call: (a, i) => a.driver.powerOff(i) },
  reboot: {
    vmState: 'active',
    errorOnFailure: true,
    call: (a, i, p) => a.driver.reboot(i, p.type === 'HARD' ? 'HARD' : 'SOFT'),
  },
  pause: { vmState: 'paused', call: (a, i) => a.driver.pause(i) },
  unpause: { vmState: 'active', call: (a, i) => a.driver.unpause(i) },
  suspend: { vmState: 'suspended', call: (a, i) => a.driver.suspend(i) },
  resume: { vmState: 'active', call: (a, i) => a.driver.resume(i) },
  rescue: {
    vmState: 'rescued',
    call: (a, i, p) =>
      a.driver.rescue(
        i,
        typeof p.rescue_image_ref === 'string' ? { id: p.rescue_image_ref, name: null, properties: {} } : null,
      ),
  },
  unrescue: { vmState: 'active', call: (a, i) => a.driver.unrescue(i) },
};

/** Runs one of POWER_ACTIONS. Idempotent: the driver calls are, and the end state is set with a compare-and-set. */
export async function runPowerAction(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const action = POWER_ACTIONS[task.kind]!;
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const params = JSON.parse(task.params || '{}') as Record<string, unknown>;
  const instance = await driverInstanceOf(a, row);
  try {
    const result = await action.call(a, instance, params);
    await saveInstance(
      a,
      row.id,
      {
        vm_state: action.vmState,
        task_state: null,
        power_state: result.powerState,
        driver_state: JSON.stringify(result.driverState),
      },
      { taskStates: [row.task_state] },
    );
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    a.ctx.log.warn({ instance: row.id, action: task.kind, err: message }, 'instance action failed');
    await saveInstance(
      a,
      row.id,
      { task_state: null, fault: faultJson(message), ...(action.errorOnFailure ? { vm_state: 'error' as const } : {}) },
      { taskStates: [row.task_state] },
    );
    return { outcome: 'error', message };
  }
}
