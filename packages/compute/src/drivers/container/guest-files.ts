// What the guest reads at boot: the init and its inputs in /run/nubo, and an OpenStack config drive
// (openstack/latest/meta_data.json, user_data, network_data.json, vendor_data.json) at /mnt/config, as Nova writes
// one for cloud-init. The metadata service at 169.254.169.254 serves the same documents once networking exists.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverInstance } from '../driver.js';
import { GUEST_INIT, UDHCPC_SCRIPT } from './guest-init.js';
import type { InstancePaths } from './layout.js';

/** Public keys of a key pair's data (one per line; OpenSSH format). */
function publicKeysOf(keyData: string | null): string[] {
  return (keyData ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

/** Decodes user_data as Nova keeps it (base64); text that is not base64 is taken as is. */
export function userDataOf(userData: string | null): Buffer | null {
  if (!userData) return null;
  if (/^[A-Za-z0-9+/=\s]+$/.test(userData)) return Buffer.from(userData, 'base64');
  return Buffer.from(userData, 'utf8');
}

/** Writes (again) the guest folder and config drive of `instance`; `cmd` is a Docker image's command line. */
export function writeGuestFiles(
  paths: InstancePaths,
  instance: DriverInstance,
  cmd: string | null,
  networkData: Record<string, unknown> = { links: [], networks: [], services: [] },
): void {
  rmSync(paths.guest, { recursive: true, force: true });
  rmSync(paths.configDrive, { recursive: true, force: true });
  mkdirSync(paths.guest, { recursive: true });
  const keys = publicKeysOf(instance.keyData);
  const userData = userDataOf(instance.userData);
  writeFileSync(join(paths.guest, 'init'), GUEST_INIT, { mode: 0o755 });
  writeFileSync(join(paths.guest, 'udhcpc.script'), UDHCPC_SCRIPT, { mode: 0o755 });
  writeFileSync(join(paths.guest, 'instance_id'), `${instance.uuid}\n`);
  writeFileSync(join(paths.guest, 'authorized_keys'), keys.map((k) => `${k}\n`).join(''), { mode: 0o600 });
  if (userData) writeFileSync(join(paths.guest, 'user_data'), userData, { mode: 0o600 });
  if (cmd) writeFileSync(join(paths.guest, 'cmd'), `${cmd}\n`);

  const latest = join(paths.configDrive, 'openstack', 'latest');
  mkdirSync(latest, { recursive: true });
  const meta = {
    uuid: instance.uuid,
    name: instance.name,
    hostname: instance.hostname,
    project_id: instance.projectId,
    availability_zone: 'nova',
    launch_index: 0,
    meta: instance.metadata,
    public_keys: Object.fromEntries(keys.map((k, i) => [i === 0 ? 'default' : `key-${i}`, k])),
    keys: keys.map((k, i) => ({ name: i === 0 ? 'default' : `key-${i}`, type: 'ssh', data: k })),
    devices: [],
  };
  writeFileSync(join(latest, 'meta_data.json'), `${JSON.stringify(meta)}\n`);
  // The network agent's plug() gives links/networks; until it exists the instance has loopback only.
  writeFileSync(join(latest, 'network_data.json'), `${JSON.stringify(networkData)}\n`);
  writeFileSync(join(latest, 'vendor_data.json'), '{}\n');
  if (userData) writeFileSync(join(latest, 'user_data'), userData);
}
