// Starts a real `nubo up --detach` on a free loopback port with its own data dir and clouds.yaml, for e2e tests.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../../..');
const nuboBin = join(repoRoot, 'bin', 'nubo');

export interface NuboServer {
  port: number;
  dataDir: string;
  /** http://127.0.0.1:<port> */
  url: string;
  authUrl: string;
  cloudsYaml: string;
  credentials: {
    admin: { username: string; password: string; projectName: string };
    demo: { username: string; password: string; projectName: string };
  };
  /** Environment for the openstack CLI / openstacksdk pointing at this server's clouds.yaml. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Brings nubo up in the background; `stop()` takes it down and removes its data dir. */
export async function startNubo(extraEnv: NodeJS.ProcessEnv = {}): Promise<NuboServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-e2e-'));
  const cloudsYaml = join(dataDir, 'clouds.yaml');
  // Cost 4 keeps each CLI login fast; the cost is configuration, not behaviour.
  const env = { ...process.env, NUBO_IDENTITY_BCRYPT_COST: '4', ...extraEnv };
  const args = ['up', '--detach', '--data-dir', dataDir, '--port', String(port), '--clouds-yaml', cloudsYaml];
  try {
    await run(nuboBin, args, { env, timeout: 90_000 });
  } catch (err) {
    const log = (() => {
      try {
        return readFileSync(join(dataDir, 'nubo.log'), 'utf8').slice(-4000);
      } catch {
        return '(no log)';
      }
    })();
    throw new Error(`nubo up failed: ${(err as Error).message}\n${log}`);
  }
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as NuboServer['credentials'];
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    dataDir,
    url,
    authUrl: `${url}/identity/v3`,
    cloudsYaml,
    credentials,
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, PYTHONWARNINGS: 'ignore' },
    async stop() {
      try {
        execFileSync(nuboBin, ['down', '--data-dir', dataDir], { env, stdio: 'ignore', timeout: 60_000 });
      } finally {
        if (!process.env.NUBO_KEEP_E2E) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
