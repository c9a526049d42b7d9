// The driver state of a container instance: kept in the instance's folder (state.json) so the driver knows its
// instances across restarts, and returned to the agent, which stores it in the instance row (Nomad's TaskHandle).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DriverFlavor, DriverState } from '../driver.js';

/** What the instance should be doing; the power state is what crun says it does. */
export type Desired = 'running' | 'paused' | 'suspended' | 'stopped';

/** Version 1 of the container driver's state. */
export interface ContainerStateV1 extends DriverState {
  version: 1;
  host: string;
  uuid: string;
  imageId: string;
  flavor: DriverFlavor;
  desired: Desired;
  /** The network namespace the network agent plugs ports into. */
  netns: string;
  /** The folder holding disk.img, for a destination host copying it during a resize. */
  dir: string;
  /** Source side of a resize to another host: kept, stopped, until confirm or revert. */
  migratedAway: boolean;
  /** Same-host resize: the flavor to go back to on revert. */
  resizeBackup: DriverFlavor | null;
}

export function readState(file: string): ContainerStateV1 | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ContainerStateV1;
  } catch {
    return null;
  }
}

export function writeState(file: string, state: ContainerStateV1): void {
  writeFileSync(file, `${JSON.stringify(state)}\n`);
}
