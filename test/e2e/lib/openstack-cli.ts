// Runs the real `openstack` CLI (Debian's python3-openstackclient) against a nubo server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { NuboServer } from './nubo-server.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `openstack --os-cloud <cloud> …args`; never throws on a non-zero exit (tests assert on it). */
export async function openstack(
  server: NuboServer,
  cloud: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('openstack', ['--os-cloud', cloud, ...args], {
      env: { ...server.env, ...env },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

/** Like `openstack` with `-f json`, parsing the answer; throws with stderr when the command failed. */
export async function openstackJson<T = Record<string, unknown>>(
  server: NuboServer,
  cloud: string,
  args: string[],
): Promise<T> {
  const result = await openstack(server, cloud, [...args, '-f', 'json']);
  if (result.code !== 0) throw new Error(`openstack ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
