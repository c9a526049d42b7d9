// /resource_classes (resource-classes.yaml, resource-classes-1-6.yaml, resource-classes-1-7.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, startHarness } from '../../test/harness.js';

const V = { version: '1.39' };

describe('/resource_classes', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const names = async () =>
    ((await h.call('admin', 'GET', '/resource_classes', undefined, V)).data.resource_classes as { name: string }[]).map(
      (c) => c.name,
    );

  test('lists the standard classes first, with self links', async () => {
    const list = await h.call('admin', 'GET', '/resource_classes', undefined, V);
    assert.equal(list.statusCode, 200);
    const [first] = list.data.resource_classes;
    assert.deepEqual(first, { name: 'VCPU', links: [{ rel: 'self', href: '/placement/resource_classes/VCPU' }] });
    assert.deepEqual((await names()).slice(0, 3), ['VCPU', 'MEMORY_MB', 'DISK_GB']);
    const shown = await h.call('admin', 'GET', '/resource_classes/DISK_GB', undefined, V);
    assert.equal(shown.data.name, 'DISK_GB');
    assert.equal((await h.call('admin', 'GET', '/resource_classes/CUSTOM_NOPE', undefined, V)).statusCode, 404);
  });

  test('POST creates a CUSTOM_ class (201, Location); duplicates and standard names are 409; bad names 400', async () => {
    const created = await h.call('admin', 'POST', '/resource_classes', { name: 'CUSTOM_FPGA_X' }, V);
    assert.equal(created.statusCode, 201);
    assert.match(String(created.headers.location), /\/placement\/resource_classes\/CUSTOM_FPGA_X$/);
    assert.equal((await names()).at(-1), 'CUSTOM_FPGA_X');
    assert.equal((await h.call('admin', 'POST', '/resource_classes', { name: 'CUSTOM_FPGA_X' }, V)).statusCode, 409);
    for (const name of ['VCPU', 'FOO', 'CUSTOM_lower']) {
      const response = await h.call('admin', 'POST', '/resource_classes', { name }, V);
      assert.equal(response.statusCode, 400, name);
    }
  });

  test('PUT before 1.7 renames; from 1.7 it creates (201) or confirms (204)', async () => {
    await h.call('admin', 'POST', '/resource_classes', { name: 'CUSTOM_OLD_NAME' }, V);
    const renamed = await h.call(
      'admin',
      'PUT',
      '/resource_classes/CUSTOM_OLD_NAME',
      { name: 'CUSTOM_NEW_NAME' },
      { version: '1.6' },
    );
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.data.name, 'CUSTOM_NEW_NAME');
    const standard = await h.call('admin', 'PUT', '/resource_classes/VCPU', { name: 'CUSTOM_X' }, { version: '1.6' });
    assert.equal(standard.statusCode, 400);
    assert.equal((await h.call('admin', 'PUT', '/resource_classes/CUSTOM_PUT', undefined, V)).statusCode, 201);
    assert.equal((await h.call('admin', 'PUT', '/resource_classes/CUSTOM_PUT', undefined, V)).statusCode, 204);
    assert.equal((await h.call('admin', 'PUT', '/resource_classes/VCPU', undefined, V)).statusCode, 400);
    assert.equal((await h.call('admin', 'PUT', '/resource_classes/CUSTOM_bad', undefined, V)).statusCode, 400);
  });

  test('DELETE: standard is a 400, in use by inventory a 409, otherwise 204', async () => {
    await h.call('admin', 'PUT', '/resource_classes/CUSTOM_USED', undefined, V);
    const rp = await createProvider(h, 'rc-user');
    await h.call(
      'admin',
      'PUT',
      `/resource_providers/${rp}/inventories`,
      { resource_provider_generation: 0, inventories: { CUSTOM_USED: { total: 1 } } },
      V,
    );
    assert.equal((await h.call('admin', 'DELETE', '/resource_classes/VCPU', undefined, V)).statusCode, 400);
    assert.equal((await h.call('admin', 'DELETE', '/resource_classes/CUSTOM_USED', undefined, V)).statusCode, 409);
    await h.call('admin', 'DELETE', `/resource_providers/${rp}/inventories`, undefined, V);
    assert.equal((await h.call('admin', 'DELETE', '/resource_classes/CUSTOM_USED', undefined, V)).statusCode, 204);
    assert.equal((await h.call('admin', 'DELETE', '/resource_classes/CUSTOM_USED', undefined, V)).statusCode, 404);
    assert.equal(
      (await h.call('admin', 'DELETE', `/resource_classes/CUSTOM_${randomUUID().slice(0, 4)}`)).statusCode,
      404,
    );
  });
});
