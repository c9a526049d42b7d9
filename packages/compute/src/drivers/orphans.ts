// Start-up sweep of a host (Nova's _destroy_evacuated_instances and the "running deleted instance" cleanup): what
// the hypervisor still has of a server that no longer exists is destroyed, so nothing leaks across a crash.
import type { ComputeDriver, DriverInstance } from './driver.js';

/** Destroys every instance of `driver` for which `exists(uuid)` is false; returns the uuids destroyed. */
export async function destroyOrphans(
  driver: ComputeDriver,
  exists: (uuid: string) => Promise<boolean>,
  onError: (uuid: string, err: unknown) => void = () => undefined,
): Promise<string[]> {
  const destroyed: string[] = [];
  for (const uuid of await driver.listInstances()) {
    if (await exists(uuid)) continue;
    try {
      // A driver destroys by uuid; the rest of the instance is unknown for an orphan.
      await driver.destroy({ uuid } as DriverInstance);
      destroyed.push(uuid);
    } catch (err) {
      onError(uuid, err);
    }
  }
  return destroyed;
}
