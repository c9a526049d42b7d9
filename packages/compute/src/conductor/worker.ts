// The conductor (Nova's nova-conductor with its scheduler): takes the tasks that have no host yet — builds,
// unshelves of offloaded servers, resizes and cold migrations — and hands each on to a host's agent; and deletes
// of servers whose host is down or missing (Nova's local delete).
import { saveInstance } from '../agent/context.js';
import type { TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { scheduleBuild, scheduleUnshelve } from './build.js';
import type { ConductorContext } from './context.js';
import { localDelete } from './local-delete.js';
import { scheduleResize } from './resize.js';

/** Task kind → the conductor step that runs it. */
const STEPS: Record<string, (c: ConductorContext, task: TaskRow) => Promise<TaskOutcome>> = {
  build: scheduleBuild,
  unshelve: scheduleUnshelve,
  resize: scheduleResize,
  migrate: scheduleResize,
  delete: localDelete,
};

/** The conductor of this process: one handler for every task kind that has no host yet. */
export class Conductor {
  constructor(readonly c: ConductorContext) {}

  /** Runs one task the conductor owns (host null). */
  async handle(task: TaskRow): Promise<TaskOutcome> {
    const step = STEPS[task.kind];
    if (step) return step(this.c, task);
    // Nothing will ever run it: do not leave the server in a transitional state.
    await saveInstance(this.c, task.instance_id, { task_state: null });
    return { outcome: 'error', message: `the conductor does not run ${task.kind} tasks` };
  }
}
