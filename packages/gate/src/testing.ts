// @nubo/gate/testing: the gate's API on a fresh database with an in-memory scheduler, for tests of the REST API
// and the status page (package tests and test/e2e).
export {
  ADMIN_TOKEN,
  type GateApiHarness,
  MEMBER_TOKEN,
  startGateApiHarness,
  testTokens,
} from './api/testing/gate-api-harness.js';
export { InMemoryGateControl, statusItem, statusJob } from './api/testing/in-memory-gate-control.js';
export { sampleLayout } from './api/testing/sample-layout.js';
