// Runs the `openstack` CLI as a given identity: a cloud of the server's clouds.yaml, a user by password, a token
// or an application credential (the last three through a bare cloud that carries only the auth URL).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NuboServer } from './nubo-server.js';
import { type CliResult, openstack } from './openstack-cli.js';

/** The `openstack` CLI bound to one identity. */
export interface OpenstackAs {
  /** Runs `openstack …args`; never throws (assert on `code` and `stderr`). */
  run(args: string[]): Promise<CliResult>;
  /** Runs `openstack …args` and asserts it exited 0. */
  ok(args: string[]): Promise<CliResult>;
  /** Runs `openstack …args -f json` and parses stdout, asserting exit 0. */
  json<T = Record<string, unknown>>(args: string[]): Promise<T>;
}

const BARE_CLOUD = 'nubo-bare';

/**
 * The cloud's own auth options leak into any `--os-auth-type` given on the command line (keystoneauth then refuses
 * `username` for the token plugin), so other identities go through a cloud that holds only the auth URL.
 */
function bareCloudEnv(server: NuboServer): NodeJS.ProcessEnv {
  const file = join(server.dataDir, 'clouds-bare.yaml');
  if (!existsSync(file)) {
    const cloud = { auth: { auth_url: server.authUrl }, region_name: 'RegionOne', identity_api_version: 3 };
    // JSON is YAML, so the file needs no YAML writer.
    writeFileSync(file, JSON.stringify({ clouds: { [BARE_CLOUD]: { ...cloud, interface: 'public' } } }));
  }
  return { OS_CLIENT_CONFIG_FILE: file };
}

function bind(server: NuboServer, cloud: string, prefix: string[], env: NodeJS.ProcessEnv): OpenstackAs {
  const run = (args: string[]) => openstack(server, cloud, [...prefix, ...args], env);
  const ok = async (args: string[]) => {
    const result = await run(args);
    assert.equal(result.code, 0, `openstack ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  };
  return {
    run,
    ok,
    async json<T>(args: string[]): Promise<T> {
      const result = await ok([...args, '-f', 'json']);
      return JSON.parse(result.stdout) as T;
    },
  };
}

/** As one of the clouds of the server's clouds.yaml (`nubo-admin`, `nubo-demo`). */
export function asCloud(server: NuboServer, cloud: 'nubo-admin' | 'nubo-demo'): OpenstackAs {
  return bind(server, cloud, [], {});
}

/** As a Default-domain user by password, scoped to `projectName`. */
export function asUser(
  server: NuboServer,
  user: { username: string; password: string; projectName: string },
): OpenstackAs {
  const args = [
    ...['--os-auth-type', 'password', `--os-username=${user.username}`, `--os-password=${user.password}`],
    ...['--os-user-domain-name=Default', `--os-project-name=${user.projectName}`, '--os-project-domain-name=Default'],
  ];
  return bind(server, BARE_CLOUD, args, bareCloudEnv(server));
}

/** As the holder of an existing token (keystoneauth's `token` plugin, which trades it for a new one). */
export function asToken(server: NuboServer, token: string): OpenstackAs {
  return bind(server, BARE_CLOUD, ['--os-auth-type', 'token', `--os-token=${token}`], bareCloudEnv(server));
}

/** As an application credential, by id and secret (`--opt=value`: a generated secret may start with '-'). */
export function asAppCredential(server: NuboServer, id: string, secret: string): OpenstackAs {
  const args = [
    '--os-auth-type=v3applicationcredential',
    `--os-application-credential-id=${id}`,
    `--os-application-credential-secret=${secret}`,
  ];
  return bind(server, BARE_CLOUD, args, bareCloudEnv(server));
}
