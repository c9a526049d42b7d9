// The container driver passes the driver contract on this host (as root with crun), and leaves nothing behind.
import { after, before } from 'node:test';
import { runDriverContract } from '../driver.contract.js';
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
          tests: [
            'reports its host resources',
            'spawn boots the instance running',
            'spawn is idempotent',
            'destroy of an unknown instance succeeds',
            'destroy removes the instance',
            'power off and on',
            'reboot leaves it running',
            'pause and unpause',
            'suspend and resume',
            'rescue and unrescue',
            'rebuild boots it again',
            'snapshot returns image data',
            'console output',
            'recover re-attaches after a restart',
            'resize to another host, then confirm',
            'resize on the same host, then revert',
            'an unknown instance is InstanceNotFound',
          ],
        },
      ]
    : [],
});
