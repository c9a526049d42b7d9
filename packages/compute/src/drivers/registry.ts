// The compute drivers this build knows, by their nubo.yaml name (a static map, as Nomad's BuiltinDrivers: no
// module named in a string, and it bundles with esbuild).
import type { ComputeConfig } from '../config.js';
import type { DriverFactory } from './driver.js';
import { createFakeDriver } from './fake/fake-driver.js';

/** `compute.driver` → factory. container and qemu join here when they land. */
export const computeDrivers: Record<ComputeConfig['driver'], DriverFactory> = {
  fake: createFakeDriver,
};
