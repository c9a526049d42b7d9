// Usages per provider and per project/user, flat before 1.38 and by consumer type from 1.38 (usage.yaml,
// consumer-types-1.38.yaml); who may read them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, setInventory, startHarness } from '../../test/harness.js';

describe('usages', () => {
  let h: Harness;
  let rp: string;
  before(async () => {
    h = await startHarness();
    rp = await createProvider(h, 'usage-host');
    await setInventory(h, rp, { VCPU: { total: 16 }, MEMORY_MB: { total: 8192 }, DISK_GB: { total: 100 } });
    const claim = (project: string, user: string, type: string | undefined, resources: Record<string, number>) =>
      h.call(
        'admin',
        'PUT',
        `/allocations/${randomUUID()}`,
        {
          allocations: { [rp]: { resources } },
          project_id: project,
          user_id: user,
          consumer_generation: null,
          ...(type ? { consumer_type: type } : {}),
        },
        { version: type ? '1.38' : '1.37' },
      );
    await claim('p1', 'alice', 'INSTANCE', { VCPU: 2, MEMORY_MB: 1024 });
    await claim('p1', 'bob', 'INSTANCE', { VCPU: 1, MEMORY_MB: 512 });
    await claim('p1', 'alice', 'MIGRATION', { VCPU: 4 });
    await claim('p1', 'alice', undefined, { DISK_GB: 10 });
    await claim('p2', 'carol', 'INSTANCE', { VCPU: 8 });
  });
  after(() => h.close());

  const usages = async (query: string, version: string, token: 'admin' | 'member' | 'reader' = 'admin') =>
    h.call(token, 'GET', `/usages?${query}`, undefined, { version });

  test('per provider: every inventory class, zero when unused, with the generation', async () => {
    const response = await h.call('admin', 'GET', `/resource_providers/${rp}/usages`, undefined, { version: '1.39' });
    assert.deepEqual(response.data.usages, { DISK_GB: 10, MEMORY_MB: 1536, VCPU: 15 });
    assert.equal(typeof response.data.resource_provider_generation, 'number');
    const empty = await createProvider(h, 'usage-empty');
    await setInventory(h, empty, { VCPU: { total: 1 } });
    assert.deepEqual(
      (await h.call('admin', 'GET', `/resource_providers/${empty}/usages`, undefined, { version: '1.0' })).data.usages,
      { VCPU: 0 },
    );
    assert.equal(
      (await h.call('admin', 'GET', `/resource_providers/${randomUUID()}/usages`, undefined, { version: '1.0' }))
        .statusCode,
      404,
    );
  });

  test('per project and user before 1.38: flat sums', async () => {
    assert.deepEqual((await usages('project_id=p1', '1.9')).data, {
      usages: { DISK_GB: 10, MEMORY_MB: 1536, VCPU: 7 },
    });
    assert.deepEqual((await usages('project_id=p1&user_id=bob', '1.37')).data, { usages: { MEMORY_MB: 512, VCPU: 1 } });
    assert.deepEqual((await usages('project_id=nobody', '1.9')).data, { usages: {} });
    const missing = await usages('user_id=bob', '1.9');
    assert.equal(missing.statusCode, 400);
    assert.match(missing.data.errors[0].detail, /'project_id' is a required property/);
    assert.equal((await usages('project_id=p1&consumer_type=INSTANCE', '1.37')).statusCode, 400);
  });

  test('from 1.38: grouped by consumer type with consumer counts; all and unknown', async () => {
    assert.deepEqual((await usages('project_id=p1', '1.38')).data.usages, {
      INSTANCE: { VCPU: 3, MEMORY_MB: 1536, consumer_count: 2 },
      MIGRATION: { VCPU: 4, consumer_count: 1 },
      unknown: { DISK_GB: 10, consumer_count: 1 },
    });
    assert.deepEqual((await usages('project_id=p1&consumer_type=all', '1.38')).data.usages, {
      all: { DISK_GB: 10, MEMORY_MB: 1536, VCPU: 7, consumer_count: 4 },
    });
    assert.deepEqual((await usages('project_id=p1&consumer_type=unknown', '1.38')).data.usages, {
      unknown: { DISK_GB: 10, consumer_count: 1 },
    });
    assert.deepEqual((await usages('project_id=p1&user_id=alice&consumer_type=MIGRATION', '1.38')).data.usages, {
      MIGRATION: { VCPU: 4, consumer_count: 1 },
    });
    assert.equal((await usages('project_id=p1&consumer_type=lower', '1.38')).statusCode, 400);
  });

  test('a project reader may read its own project only (placement:usages)', async () => {
    assert.equal((await usages('project_id=p1', '1.9', 'reader')).statusCode, 200);
    assert.equal((await usages('project_id=p1', '1.9', 'member')).statusCode, 200);
    const other = await usages('project_id=p2', '1.9', 'member');
    assert.equal(other.statusCode, 403);
    assert.match(other.data.errors[0].detail, /Policy does not allow placement:usages to be performed/);
  });
});
