// Placement through the real `openstack` CLI with Debian's osc-placement plugin: resource providers, inventories,
// traits, aggregates, resource classes, allocations, usages and allocation candidates, as the CLI prints them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, type OpenstackAs } from './lib/openstack-as.js';

type Row = Record<string, unknown>;

/** The osc-placement plugin is what adds `openstack resource provider …`; without it there is nothing to drive. */
function pluginMissing(): string | false {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import osc_placement'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'python3-osc-placement is not installed (scripts/install-test-deps.sh installs it)';
  }
}

const skip = pluginMissing();

describe('placement through the openstack CLI', { skip, concurrency: 2 }, () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  /** The CLI at a given placement microversion. */
  const at = (version: string, args: string[]) => ['--os-placement-api-version', version, ...args];

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
  });
  after(async () => {
    await server?.stop();
  });

  it('creates, lists, shows, renames and deletes resource providers, nested ones too', async () => {
    const root = await admin.json(at('1.14', ['resource', 'provider', 'create', 'cli-root']));
    assert.equal(root.name, 'cli-root');
    assert.equal(root.generation, 0);
    assert.equal(root.root_provider_uuid, root.uuid);
    const child = await admin.json(
      at('1.14', ['resource', 'provider', 'create', '--parent-provider', String(root.uuid), 'cli-child']),
    );
    assert.equal(child.parent_provider_uuid, root.uuid);
    const listed = await admin.json<Row[]>(
      at('1.14', ['resource', 'provider', 'list', '--in-tree', String(root.uuid)]),
    );
    assert.deepEqual(listed.map((r) => r.name).sort(), ['cli-child', 'cli-root']);
    const shown = await admin.json(['resource', 'provider', 'show', String(child.uuid)]);
    assert.equal(shown.name, 'cli-child');
    const renamed = await admin.json(['resource', 'provider', 'set', '--name', 'cli-child-2', String(child.uuid)]);
    assert.equal(renamed.name, 'cli-child-2');
    const refused = await admin.run(['resource', 'provider', 'delete', String(root.uuid)]);
    assert.notEqual(refused.code, 0, 'a parent cannot go first');
    assert.match(refused.stderr, /HTTP 409/);
    await admin.ok(['resource', 'provider', 'delete', String(child.uuid)]);
    await admin.ok(['resource', 'provider', 'delete', String(root.uuid)]);
    const gone = await admin.run(['resource', 'provider', 'show', String(root.uuid)]);
    assert.match(gone.stderr, /HTTP 404/);
  });

  it('sets and lists inventories, per class too, and shows usage', async () => {
    const rp = await admin.json(['resource', 'provider', 'create', 'cli-inventory']);
    const uuid = String(rp.uuid);
    const set = await admin.json<Row[]>([
      ...['resource', 'provider', 'inventory', 'set', uuid],
      ...['--resource', 'VCPU=8', '--resource', 'VCPU:allocation_ratio=4', '--resource', 'MEMORY_MB=4096'],
    ]);
    const vcpu = set.find((r) => r.resource_class === 'VCPU')!;
    assert.equal(vcpu.total, 8);
    assert.equal(vcpu.allocation_ratio, 4);
    const listed = await admin.json<Row[]>(['resource', 'provider', 'inventory', 'list', uuid]);
    assert.deepEqual(listed.map((r) => r.resource_class).sort(), ['MEMORY_MB', 'VCPU']);
    const memory = await admin.json([
      ...['resource', 'provider', 'inventory', 'class', 'set', uuid, 'MEMORY_MB'],
      ...['--total', '8192', '--reserved', '512'],
    ]);
    assert.equal(memory.total, 8192);
    assert.equal(memory.reserved, 512);
    const one = await admin.json(['resource', 'provider', 'inventory', 'show', uuid, 'MEMORY_MB']);
    assert.equal(one.total, 8192);
    const usage = await admin.json<Row[]>(['resource', 'provider', 'usage', 'show', uuid]);
    assert.deepEqual(usage.map((r) => [r.resource_class, r.usage]).sort(), [
      ['MEMORY_MB', 0],
      ['VCPU', 0],
    ]);
    await admin.ok(['resource', 'provider', 'inventory', 'delete', uuid, '--resource-class', 'MEMORY_MB']);
    const left = await admin.json<Row[]>(['resource', 'provider', 'inventory', 'list', uuid]);
    assert.deepEqual(
      left.map((r) => r.resource_class),
      ['VCPU'],
    );
  });

  it('lists resource classes and traits, creates custom ones, and tags providers with them', async () => {
    const classes = await admin.json<Row[]>(at('1.2', ['resource', 'class', 'list']));
    for (const name of ['VCPU', 'MEMORY_MB', 'DISK_GB'])
      assert.ok(
        classes.some((c) => c.name === name),
        name,
      );
    await admin.ok(at('1.7', ['resource', 'class', 'create', 'CUSTOM_CLI_GPU']));
    assert.equal((await admin.json(at('1.2', ['resource', 'class', 'show', 'CUSTOM_CLI_GPU']))).name, 'CUSTOM_CLI_GPU');
    const traits = await admin.json<Row[]>(at('1.6', ['trait', 'list']));
    for (const name of ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD', 'COMPUTE_VOLUME_MULTI_ATTACH']) {
      assert.ok(
        traits.some((t) => t.name === name),
        name,
      );
    }
    await admin.ok(at('1.6', ['trait', 'create', 'CUSTOM_CLI_FAST']));
    const rp = await admin.json(['resource', 'provider', 'create', 'cli-traits']);
    const tagged = await admin.json<Row[]>(
      at('1.6', [
        'resource',
        'provider',
        'trait',
        'set',
        '--trait',
        'CUSTOM_CLI_FAST',
        '--trait',
        'HW_CPU_X86_AVX2',
        String(rp.uuid),
      ]),
    );
    assert.deepEqual(tagged.map((t) => t.name).sort(), ['CUSTOM_CLI_FAST', 'HW_CPU_X86_AVX2']);
    const listed = await admin.json<Row[]>(at('1.6', ['resource', 'provider', 'trait', 'list', String(rp.uuid)]));
    assert.equal(listed.length, 2);
    const inUse = await admin.run(at('1.6', ['trait', 'delete', 'CUSTOM_CLI_FAST']));
    assert.match(inUse.stderr, /HTTP 409/);
    await admin.ok(at('1.6', ['resource', 'provider', 'trait', 'delete', String(rp.uuid)]));
    await admin.ok(at('1.6', ['trait', 'delete', 'CUSTOM_CLI_FAST']));
    await admin.ok(at('1.2', ['resource', 'class', 'delete', 'CUSTOM_CLI_GPU']));
  });

  it('sets aggregates and finds allocation candidates, then claims one and lists what it holds', async () => {
    const rp = await admin.json(['resource', 'provider', 'create', 'cli-host']);
    const uuid = String(rp.uuid);
    await admin.ok([
      'resource',
      'provider',
      'inventory',
      'set',
      uuid,
      '--resource',
      'VCPU=4',
      '--resource',
      'MEMORY_MB=2048',
    ]);
    const aggregate = randomUUID();
    const aggregates = await admin.json<Row[]>(
      at('1.19', ['resource', 'provider', 'aggregate', 'set', '--aggregate', aggregate, '--generation', '1', uuid]),
    );
    assert.deepEqual(
      aggregates.map((a) => a.uuid),
      [aggregate],
    );
    const candidates = await admin.json<Row[]>(
      at('1.39', [
        ...['allocation', 'candidate', 'list', '--resource', 'VCPU=2', '--resource', 'MEMORY_MB=1024'],
        ...['--member-of', aggregate, '--limit', '5'],
      ]),
    );
    assert.equal(candidates.length, 1);
    assert.equal(candidates[0]!['resource provider'], uuid);
    assert.equal(candidates[0]!.allocation, 'VCPU=2,MEMORY_MB=1024');
    const consumer = randomUUID();
    const project = randomUUID();
    const claimed = await admin.json<Row[]>(
      at('1.28', [
        ...['resource', 'provider', 'allocation', 'set', consumer, '--project-id', project, '--user-id', randomUUID()],
        ...['--allocation', `rp=${uuid},VCPU=2,MEMORY_MB=1024`],
      ]),
    );
    assert.equal(claimed[0]!.resource_provider, uuid);
    const shown = await admin.json<Row[]>(at('1.28', ['resource', 'provider', 'allocation', 'show', consumer]));
    assert.deepEqual(shown[0]!.resources, { VCPU: 2, MEMORY_MB: 1024 });
    const usage = await admin.json<Row[]>(at('1.9', ['resource', 'usage', 'show', project]));
    assert.deepEqual(usage.map((r) => [r.resource_class, r.usage]).sort(), [
      ['MEMORY_MB', 1024],
      ['VCPU', 2],
    ]);
    const none = await admin.json<Row[]>(
      at('1.39', ['allocation', 'candidate', 'list', '--resource', 'VCPU=3', '--member-of', aggregate]),
    );
    assert.deepEqual(none, [], 'two of four VCPU are taken');
    await admin.ok(['resource', 'provider', 'allocation', 'delete', consumer]);
    await admin.ok(['resource', 'provider', 'delete', uuid]);
  });

  it('refuses a project member (placement:* rules are for admins and services)', async () => {
    const demo = asCloud(server, 'nubo-demo');
    const refused = await demo.run(['resource', 'provider', 'list']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /HTTP 403/);
  });
});
