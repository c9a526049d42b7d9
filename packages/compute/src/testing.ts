// `@nubo/compute/testing`: what other packages' tests need from Compute — the compute driver contract suite.
export {
  contractInstance,
  DRIVER_CONTRACT_TESTS,
  type DriverContractOptions,
  type DriverContractTest,
  runDriverContract,
} from './drivers/driver.contract.js';
export type { ComputeDriver, DriverInstance, DriverResult, DriverState } from './drivers/driver.js';
