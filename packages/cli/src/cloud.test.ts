import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiError, FetchTransport, Session } from '@nubo/sdk';
import { parse } from 'yaml';
import { type RunningCloud, startCloud } from './cloud.js';
import { cloudEntries, writeCloudsYaml } from './clouds-yaml.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe('the composed cloud', () => {
  let cloud: RunningCloud;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nubo-cloud-'));
    cloud = await startCloud({
      env: {},
      overrides: {
        data: { dir: dataDir },
        server: { port: await freePort() },
        identity: { bcryptCost: 4 },
        log: { level: 'silent' },
      },
    });
  });
  after(async () => {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the sdk logs in over HTTP, finds identity in the catalog and calls it', async () => {
    const session = new Session(
      { authUrl: cloud.authUrl, username: 'admin', password: cloud.credentials.admin.password, projectName: 'admin' },
      new FetchTransport(),
    );
    assert.equal(await session.endpoint('identity'), `${cloud.url}/identity`);
    const projects = await session.request<{ projects: { name: string }[] }>('identity', 'GET', '/v3/projects');
    assert.deepEqual(projects.data.projects.map((p) => p.name).sort(), ['admin', 'demo', 'service']);
    await assert.rejects(
      session.request('identity', 'GET', '/v3/projects/nope'),
      (err) => err instanceof ApiError && err.status === 404,
    );
  });

  test('Identity also answers at the root, as Keystone on port 5000', async () => {
    const root = await fetch(`${cloud.url}/v3`);
    assert.equal(root.status, 200);
    assert.match(((await root.json()) as { version: { id: string } }).version.id, /^v3\./);
  });

  test('clouds.yaml gains nubo-admin and nubo-demo and keeps other clouds', () => {
    const file = join(dataDir, 'clouds.yaml');
    writeCloudsYaml({ other: { auth: { auth_url: 'http://elsewhere' } } }, file);
    writeCloudsYaml(cloudEntries(cloud, 'RegionOne'), file);
    const clouds = parse(readFileSync(file, 'utf8')).clouds;
    assert.deepEqual(Object.keys(clouds).sort(), ['nubo-admin', 'nubo-demo', 'other']);
    assert.equal(clouds['nubo-admin'].auth.auth_url, cloud.authUrl);
  });
});
