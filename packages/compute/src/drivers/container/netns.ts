// The instance's network namespace, made before the container so crun joins it (the OCI network namespace path)
// and the network agent can plug a veth into it while the instance runs or is stopped (Nova's plug_vifs).
import { existsSync } from 'node:fs';
import { run } from './exec.js';

export const NETNS_DIR = '/run/netns';

/** Creates the named namespace (the guest's init brings its loopback up). Idempotent. */
export async function ensureNetns(name: string): Promise<string> {
  const path = `${NETNS_DIR}/${name}`;
  if (!existsSync(path)) await run('ip', ['netns', 'add', name]);
  return path;
}

/** Deletes the namespace (and with it every veth end inside). Idempotent. */
export async function deleteNetns(name: string): Promise<void> {
  if (existsSync(`${NETNS_DIR}/${name}`)) await run('ip', ['netns', 'del', name]);
}
