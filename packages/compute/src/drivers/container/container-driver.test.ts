// The container driver passes the driver contract on this host (as root with crun), and leaves nothing behind.
import { after, before } from 'node:test';
import { DRIVER_CONTRACT_TESTS, runDriverContract } from '../driver.contract.js';
import { ContainerTestBed, containerSkipReason } from './test-support.js';

const skip = containerSkipReason();
const bed = skip ? null : new ContainerTestBed();

before(async () => {
  await bed?.build();
});
after(async () => {
  await bed?.cleanup();
});

runDriverContract({
  create: (host) => bed!.driver(host),
  skip: skip
    ? [
        {
          reason: skip,
          tests: [...DRIVER_CONTRACT_TESTS],
        },
      ]
    : [],
});
