// /resource_providers/{uuid}/inventories: replace all with the generation, per-class create/read/update/delete,
// defaults, capacity validation at 1.26, and refusals while in use (inventory.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, startHarness } from '../../test/harness.js';

const V = { version: '1.39' };

describe('/resource_providers/{uuid}/inventories', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const path = (uuid: string, rc = '') => `/resource_providers/${uuid}/inventories${rc ? `/${rc}` : ''}`;
  const generation = async (uuid: string) =>
    (await h.call('admin', 'GET', `/resource_providers/${uuid}`, undefined, V)).data.generation as number;
  const claim = (rp: string, resources: Record<string, number>) =>
    h.call(
      'admin',
      'PUT',
      `/allocations/${randomUUID()}`,
      {
        allocations: { [rp]: { resources } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      },
      V,
    );

  test('PUT replaces every inventory, fills the defaults and bumps the generation', async () => {
    const rp = await createProvider(h, 'inv-all');
    const empty = await h.call('admin', 'GET', path(rp), undefined, V);
    assert.deepEqual(empty.data, { resource_provider_generation: 0, inventories: {} });
    const put = await h.call(
      'admin',
      'PUT',
      path(rp),
      {
        resource_provider_generation: 0,
        inventories: { VCPU: { total: 8, allocation_ratio: 16.0 }, MEMORY_MB: { total: 4096, reserved: 512 } },
      },
      V,
    );
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.data.resource_provider_generation, 1);
    assert.deepEqual(put.data.inventories.VCPU, {
      total: 8,
      reserved: 0,
      min_unit: 1,
      max_unit: 2147483647,
      step_size: 1,
      allocation_ratio: 16,
    });
    assert.equal(put.data.inventories.MEMORY_MB.reserved, 512);
    const stale = await h.call('admin', 'PUT', path(rp), { resource_provider_generation: 0, inventories: {} }, V);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.data.errors[0].code, 'placement.concurrent_update');
    const shown = await h.call('admin', 'GET', path(rp, 'VCPU'), undefined, V);
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.data.total, 8);
    assert.equal(shown.data.resource_provider_generation, 1);
    assert.ok(shown.headers['last-modified']);
    const missing = await h.call('admin', 'GET', path(rp, 'DISK_GB'), undefined, V);
    assert.equal(missing.statusCode, 404);
    assert.equal((await h.call('admin', 'GET', path(randomUUID()), undefined, V)).statusCode, 404);
  });

  test('reserved may equal total only from 1.26; unknown classes are a 400', async () => {
    const rp = await createProvider(h, 'inv-reserved');
    const body = { resource_provider_generation: 0, inventories: { VCPU: { total: 4, reserved: 4 } } };
    const early = await h.call('admin', 'PUT', path(rp), body, { version: '1.25' });
    assert.equal(early.statusCode, 400);
    assert.match(early.data.errors[0].detail, /The reserved value is greater than or equal to total/);
    assert.equal((await h.call('admin', 'PUT', path(rp), body, { version: '1.26' })).statusCode, 200);
    const over = await h.call(
      'admin',
      'PUT',
      path(rp),
      { resource_provider_generation: 1, inventories: { VCPU: { total: 4, reserved: 5 } } },
      V,
    );
    assert.equal(over.statusCode, 400);
    assert.match(over.data.errors[0].detail, /The reserved value is greater than total/);
    const unknown = await h.call(
      'admin',
      'PUT',
      path(rp),
      { resource_provider_generation: 1, inventories: { CUSTOM_NOPE: { total: 1 } } },
      V,
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.data.errors[0].detail, /No such resource class CUSTOM_NOPE/);
    assert.equal(await generation(rp), 1, 'refusals change nothing');
  });

  test('POST adds one class (201 and Location); a second POST of it is a 409', async () => {
    const rp = await createProvider(h, 'inv-post');
    const created = await h.call('admin', 'POST', path(rp), { resource_class: 'DISK_GB', total: 100 }, V);
    assert.equal(created.statusCode, 201, created.body);
    assert.match(String(created.headers.location), new RegExp(`${path(rp, 'DISK_GB')}$`));
    assert.equal(created.data.resource_provider_generation, 1);
    const again = await h.call('admin', 'POST', path(rp), { resource_class: 'DISK_GB', total: 100 }, V);
    assert.equal(again.statusCode, 409);
    const badClass = await h.call('admin', 'POST', path(rp), { resource_class: 'CUSTOM_NOPE', total: 1 }, V);
    assert.equal(badClass.statusCode, 400);
  });

  test('PUT of one class updates it, needs the generation, and is a 400 for a class it lacks', async () => {
    const rp = await createProvider(h, 'inv-one');
    await h.call('admin', 'PUT', path(rp), { resource_provider_generation: 0, inventories: { VCPU: { total: 4 } } }, V);
    const updated = await h.call(
      'admin',
      'PUT',
      path(rp, 'VCPU'),
      { resource_provider_generation: 1, total: 8, max_unit: 4 },
      V,
    );
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.data.total, 8);
    assert.equal(updated.data.max_unit, 4);
    assert.equal(updated.data.resource_provider_generation, 2);
    const stale = await h.call('admin', 'PUT', path(rp, 'VCPU'), { resource_provider_generation: 1, total: 2 }, V);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.data.errors[0].code, 'placement.concurrent_update');
    const lacking = await h.call(
      'admin',
      'PUT',
      path(rp, 'MEMORY_MB'),
      { resource_provider_generation: 2, total: 2048 },
      V,
    );
    assert.equal(lacking.statusCode, 400);
    assert.match(lacking.data.errors[0].detail, /No inventory record with resource class/);
    const unknown = await h.call(
      'admin',
      'PUT',
      path(rp, 'CUSTOM_NOPE'),
      { resource_provider_generation: 2, total: 1 },
      V,
    );
    assert.equal(unknown.statusCode, 404);
  });

  test('in use: dropping or deleting an allocated class is a 409; shrinking below usage is allowed', async () => {
    const rp = await createProvider(h, 'inv-in-use');
    await h.call(
      'admin',
      'PUT',
      path(rp),
      { resource_provider_generation: 0, inventories: { VCPU: { total: 4 }, DISK_GB: { total: 10 } } },
      V,
    );
    assert.equal((await claim(rp, { VCPU: 3 })).statusCode, 204);
    const gen = await generation(rp);
    const drop = await h.call(
      'admin',
      'PUT',
      path(rp),
      { resource_provider_generation: gen, inventories: { DISK_GB: { total: 10 } } },
      V,
    );
    assert.equal(drop.statusCode, 409);
    assert.equal(drop.data.errors[0].code, 'placement.inventory.inuse');
    const deleteOne = await h.call('admin', 'DELETE', path(rp, 'VCPU'), undefined, V);
    assert.equal(deleteOne.statusCode, 409);
    assert.equal(deleteOne.data.errors[0].code, 'placement.concurrent_update', 'as upstream codes it');
    const deleteAll = await h.call('admin', 'DELETE', path(rp), undefined, V);
    assert.equal(deleteAll.statusCode, 409);
    assert.equal(deleteAll.data.errors[0].code, 'placement.inventory.inuse');
    const shrink = await h.call(
      'admin',
      'PUT',
      path(rp),
      { resource_provider_generation: gen, inventories: { VCPU: { total: 2 }, DISK_GB: { total: 10 } } },
      V,
    );
    assert.equal(shrink.statusCode, 200, 'over capacity is permitted');
    assert.equal((await claim(rp, { VCPU: 1 })).statusCode, 409, 'but no new claim fits');
    assert.equal((await h.call('admin', 'DELETE', path(rp, 'DISK_GB'), undefined, V)).statusCode, 204);
    const gone = await h.call('admin', 'DELETE', path(rp, 'DISK_GB'), undefined, V);
    assert.equal(gone.statusCode, 404);
  });

  test('DELETE of every inventory exists from 1.5 (405 before) and bumps the generation', async () => {
    const rp = await createProvider(h, 'inv-delete-all');
    await h.call('admin', 'PUT', path(rp), { resource_provider_generation: 0, inventories: { VCPU: { total: 4 } } }, V);
    const early = await h.call('admin', 'DELETE', path(rp), undefined, { version: '1.4' });
    assert.equal(early.statusCode, 405);
    const deleted = await h.call('admin', 'DELETE', path(rp), undefined, V);
    assert.equal(deleted.statusCode, 204);
    assert.deepEqual((await h.call('admin', 'GET', path(rp), undefined, V)).data, {
      resource_provider_generation: 2,
      inventories: {},
    });
  });
});
