// `compute.driver: auto`: the container driver where this host can run it, else the fake driver with a warning
// saying why (not root, no crun, no overlayfs…), so `nubo up` works everywhere and runs real instances where it can.

import type { ComputeDriver, DriverOptions } from '../driver.js';
import { createFakeDriver } from '../fake/fake-driver.js';
import { createContainerDriver } from './container-driver.js';
import { checkContainerHost } from './host-checks.js';

let warned = false;

export function createAutoDriver(options: DriverOptions): ComputeDriver {
  const report = checkContainerHost({ fix: true });
  if (report.ok) return createContainerDriver(options);
  if (!warned) {
    warned = true;
    process.emitWarning(
      `compute: this host cannot run the container driver (${report.problems.join('; ')}); instances use the fake driver instead (no real processes). Set compute.driver to silence this.`,
      { code: 'NUBO_COMPUTE_FAKE' },
    );
  }
  return createFakeDriver(options);
}
