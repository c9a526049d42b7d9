// The compute drivers this build knows, by their nubo.yaml name (a static map, as Nomad's BuiltinDrivers: no
// module named in a string, and it bundles with esbuild).
import type { ComputeConfig } from '../config.js';
import { createAutoDriver } from './container/auto.js';
import { createContainerDriver } from './container/container-driver.js';
import type { DriverFactory } from './driver.js';
import { createFakeDriver } from './fake/fake-driver.js';

/** `compute.driver` → factory. qemu joins here when it lands. */
export const computeDrivers: Record<ComputeConfig['driver'], DriverFactory> = {
  fake: createFakeDriver,
  container: createContainerDriver,
  auto: createAutoDriver,
};
