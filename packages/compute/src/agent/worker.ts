// The compute agent of one host (Nova's nova-compute manager): runs the tasks addressed to its host through its
// driver, answers synchronous calls (console output), and reconciles its servers with the driver at start.
import { Conflict } from '@nubo/core';
import { findInstance } from '../db/instances.js';
import type { TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { spawnInstance } from './build.js';
import { type AgentContext, driverInstanceOf, saveInstance } from './context.js';
import { cleanUpInstance, deleteInstance } from './delete.js';
import { POWER_ACTIONS, runPowerAction } from './power-actions.js';
import { rebuildInstance } from './rebuild.js';
import { confirmResize, resizeInstance, revertResize } from './resize.js';
import { shelveInstance, shelveOffloadInstance, unshelveInPlace } from './shelve.js';
import { createImage } from './snapshot.js';

type Operation = (a: AgentContext, task: TaskRow) => Promise<TaskOutcome>;

/** Task kind → the operation that runs it on the host. */
const OPERATIONS: Record<string, Operation> = {
  build: spawnInstance,
  unshelve: (a, task) =>
    (JSON.parse(task.params || '{}') as { phase?: string }).phase === 'power_on'
      ? unshelveInPlace(a, task)
      : spawnInstance(a, task),
  ...Object.fromEntries(Object.keys(POWER_ACTIONS).map((kind) => [kind, runPowerAction])),
  rebuild: rebuildInstance,
  create_image: createImage,
  shelve: shelveInstance,
  shelve_offload: shelveOffloadInstance,
  resize: resizeInstance,
  migrate: resizeInstance,
  confirm_resize: confirmResize,
  revert_resize: revertResize,
  delete: deleteInstance,
  cleanup: cleanUpInstance,
};

/** One host's agent: its driver and neighbours in `a`, one handler for every task kind addressed to the host. */
export class ComputeAgent {
  constructor(readonly a: AgentContext) {}

  get host(): string {
    return this.a.host;
  }

  /** Runs one task addressed to this host. */
  async handle(task: TaskRow): Promise<TaskOutcome> {
    const operation = OPERATIONS[task.kind];
    if (operation) return operation(this.a, task);
    await saveInstance(this.a, task.instance_id, { task_state: null });
    return { outcome: 'error', message: `the compute agent does not run ${task.kind} tasks` };
  }

  /**
   * The last `length` lines of the server's console log (all when undefined), from the driver (Nova's
   * get_console_output). @throws NotFound when the server is not on this host, NotImplemented when unsupported.
   */
  async consoleOutput(instanceId: string, length?: number): Promise<string> {
    const row = await findInstance(this.a.ctx.db, instanceId);
    if (!row || row.host !== this.a.host) throw new Conflict(`Instance ${instanceId} is not running on ${this.a.host}`);
    const text = await this.a.driver.getConsoleOutput(await driverInstanceOf(this.a, row));
    // Nova's _tail_log: the last `length` pieces of the log split on newlines (a final newline counts as one, so
    // `length` lines of output are `length` pieces for a client that splits it the same way); 0: nothing.
    if (length === undefined) return text;
    if (length <= 0) return '';
    return text.split('\n').slice(-length).join('\n');
  }
}
