// /traits and /resource_providers/{uuid}/traits (traits.yaml): standard and custom traits, filters, provider
// traits with generations.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, startHarness } from '../../test/harness.js';

const V = { version: '1.39' };

describe('/traits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const traits = async (query = '') =>
    (await h.call('admin', 'GET', `/traits${query}`, undefined, V)).data.traits as string[];

  test('the standard traits are there, sorted', async () => {
    const all = await traits();
    for (const name of [
      'COMPUTE_VOLUME_MULTI_ATTACH',
      'HW_CPU_X86_AVX2',
      'STORAGE_DISK_SSD',
      'MISC_SHARES_VIA_AGGREGATE',
    ]) {
      assert.ok(all.includes(name), name);
    }
    assert.ok(all.length > 300);
    assert.deepEqual(all, [...all].sort());
    assert.equal((await h.call('admin', 'GET', '/traits/HW_CPU_X86_AVX2', undefined, V)).statusCode, 204);
  });

  test('custom traits: PUT creates (201) then confirms (204); only CUSTOM_ names', async () => {
    const created = await h.call('admin', 'PUT', '/traits/CUSTOM_GOLD', undefined, V);
    assert.equal(created.statusCode, 201);
    assert.match(String(created.headers.location), /\/placement\/traits\/CUSTOM_GOLD$/);
    assert.equal((await h.call('admin', 'PUT', '/traits/CUSTOM_GOLD', undefined, V)).statusCode, 204);
    for (const bad of ['HW_CPU_X86_AVX2', 'CUSTOM_lower', 'GOLD', `CUSTOM_${'X'.repeat(250)}`]) {
      const response = await h.call('admin', 'PUT', `/traits/${bad}`, undefined, V);
      assert.equal(response.statusCode, 400, bad);
      assert.match(response.data.errors[0].detail, /The trait is invalid/);
    }
    assert.equal((await h.call('admin', 'GET', '/traits/CUSTOM_NOPE', undefined, V)).statusCode, 404);
  });

  test('filters: name=in:, name=startswith:, associated', async () => {
    await h.call('admin', 'PUT', '/traits/CUSTOM_FILTER_A', undefined, V);
    await h.call('admin', 'PUT', '/traits/CUSTOM_FILTER_B', undefined, V);
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER'), ['CUSTOM_FILTER_A', 'CUSTOM_FILTER_B']);
    assert.deepEqual(await traits('?name=in:CUSTOM_FILTER_B,HW_CPU_X86_AVX2,CUSTOM_NOPE'), [
      'CUSTOM_FILTER_B',
      'HW_CPU_X86_AVX2',
    ]);
    const rp = await createProvider(h, 'trait-filter');
    await h.call(
      'admin',
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['CUSTOM_FILTER_A'], resource_provider_generation: 0 },
      V,
    );
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER&associated=true'), ['CUSTOM_FILTER_A']);
    assert.deepEqual(await traits('?name=startswith:CUSTOM_FILTER&associated=false'), ['CUSTOM_FILTER_B']);
    const badName = await h.call('admin', 'GET', '/traits?name=CUSTOM', undefined, V);
    assert.equal(badName.statusCode, 400);
    assert.match(badName.data.errors[0].detail, /Badly formatted name parameter/);
    const badAssociated = await h.call('admin', 'GET', '/traits?associated=maybe', undefined, V);
    assert.equal(badAssociated.statusCode, 400);
    const extra = await h.call('admin', 'GET', '/traits?colour=blue', undefined, V);
    assert.equal(extra.statusCode, 400);
  });

  test('delete: standard is a 400, in use a 409, then 204 and 404', async () => {
    await h.call('admin', 'PUT', '/traits/CUSTOM_DOOMED', undefined, V);
    const rp = await createProvider(h, 'trait-doomed');
    await h.call(
      'admin',
      'PUT',
      `/resource_providers/${rp}/traits`,
      { traits: ['CUSTOM_DOOMED'], resource_provider_generation: 0 },
      V,
    );
    assert.equal((await h.call('admin', 'DELETE', '/traits/HW_CPU_X86_AVX2', undefined, V)).statusCode, 400);
    assert.equal((await h.call('admin', 'DELETE', '/traits/CUSTOM_DOOMED', undefined, V)).statusCode, 409);
    await h.call('admin', 'DELETE', `/resource_providers/${rp}/traits`, undefined, V);
    assert.equal((await h.call('admin', 'DELETE', '/traits/CUSTOM_DOOMED', undefined, V)).statusCode, 204);
    assert.equal((await h.call('admin', 'DELETE', '/traits/CUSTOM_DOOMED', undefined, V)).statusCode, 404);
  });

  test('provider traits: set with the generation, 409 when stale, 400 for unknown traits, delete', async () => {
    const rp = await createProvider(h, 'trait-provider');
    const path = `/resource_providers/${rp}/traits`;
    assert.deepEqual((await h.call('admin', 'GET', path, undefined, V)).data, {
      traits: [],
      resource_provider_generation: 0,
    });
    const set = await h.call(
      'admin',
      'PUT',
      path,
      { traits: ['STORAGE_DISK_SSD', 'HW_CPU_X86_AVX2'], resource_provider_generation: 0 },
      V,
    );
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.data, { traits: ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD'], resource_provider_generation: 1 });
    const stale = await h.call('admin', 'PUT', path, { traits: [], resource_provider_generation: 0 }, V);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.data.errors[0].code, 'placement.concurrent_update');
    const unknown = await h.call('admin', 'PUT', path, { traits: ['CUSTOM_NOPE'], resource_provider_generation: 1 }, V);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.data.errors[0].detail, /No such trait CUSTOM_NOPE/);
    const same = await h.call(
      'admin',
      'PUT',
      path,
      { traits: ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD'], resource_provider_generation: 1 },
      V,
    );
    assert.equal(same.data.resource_provider_generation, 1, 'an unchanged set keeps the generation');
    assert.equal((await h.call('admin', 'DELETE', path, undefined, V)).statusCode, 204);
    assert.deepEqual((await h.call('admin', 'GET', path, undefined, V)).data, {
      traits: [],
      resource_provider_generation: 2,
    });
    assert.equal(
      (await h.call('admin', 'GET', `/resource_providers/${randomUUID()}/traits`, undefined, V)).statusCode,
      404,
    );
  });
});
