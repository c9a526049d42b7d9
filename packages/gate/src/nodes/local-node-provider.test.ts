// The local provider: a fresh directory per node, shared by the names of one node, removed on release.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalNodeProvider } from './local-node-provider.js';
import { NodeFailure } from './node-provider.js';

let root: string;
const signal = new AbortController().signal;

describe('LocalNodeProvider', () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nubo-local-nodes-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives each node an empty directory with a local connection, and removes it on release', async () => {
    const provider = new LocalNodeProvider({ root });
    const allocation = await provider.acquire(
      {
        name: 'pair',
        nodes: [
          { name: ['controller'], label: 'any' },
          { name: ['compute', 'alias'], label: 'other' },
        ],
        groups: [{ name: 'computes', nodes: ['compute'] }],
      },
      signal,
    );
    assert.equal(allocation.provider, 'local');
    assert.deepEqual(
      allocation.nodes.map((n) => [n.name, n.label, n.connection]),
      [
        ['controller', 'any', 'local'],
        ['compute', 'other', 'local'],
        ['alias', 'other', 'local'],
      ],
    );
    const [controller, compute, alias] = allocation.nodes;
    assert.notEqual(controller!.workdir, compute!.workdir);
    assert.equal(compute!.workdir, alias!.workdir);
    assert.equal(controller!.hostVars.ansible_user_dir, controller!.workdir);
    assert.deepEqual(readdirSync(controller!.workdir!), ['.ansible-tmp']);
    assert.deepEqual(allocation.groups, [{ name: 'computes', nodes: ['compute'] }]);
    writeFileSync(join(compute!.workdir!, 'left-by-job'), 'x');
    await provider.release(allocation);
    assert.equal(existsSync(allocation.id), false);
    assert.deepEqual(readdirSync(root), []);
    await provider.release(allocation); // already gone: no error
  });

  it('gives no nodes (and makes nothing) for an empty nodeset', async () => {
    const allocation = await new LocalNodeProvider({ root }).acquire({ name: null, nodes: [], groups: [] }, signal);
    assert.deepEqual(allocation.nodes, []);
    assert.deepEqual(readdirSync(root), []);
  });

  it('fails with NodeFailure for a label it does not serve, making nothing', async () => {
    const provider = new LocalNodeProvider({ root, labels: ['debian'] });
    await assert.rejects(
      provider.acquire({ name: null, nodes: [{ name: ['n'], label: 'gpu' }], groups: [] }, signal),
      (err: Error) => err instanceof NodeFailure && /no label gpu/.test(err.message),
    );
    assert.deepEqual(readdirSync(root), []);
  });
});
