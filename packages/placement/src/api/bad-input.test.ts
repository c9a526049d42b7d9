// Table-driven bad input for every write: each is refused with the right 4xx and Placement's fault body, and
// nothing at all changes (providers, generations, inventories, traits, aggregates, allocations, classes).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, setInventory, startHarness } from '../../test/harness.js';

describe('bad input changes nothing', () => {
  let h: Harness;
  let rp: string;
  let child: string;
  const consumer = randomUUID();
  before(async () => {
    h = await startHarness();
    rp = await createProvider(h, 'bad-host');
    child = await createProvider(h, 'bad-child', { parent_provider_uuid: rp });
    await setInventory(h, rp, { VCPU: { total: 4 }, MEMORY_MB: { total: 2048, step_size: 512 } });
    const claim = await h.call(
      'admin',
      'PUT',
      `/allocations/${consumer}`,
      {
        allocations: { [rp]: { resources: { VCPU: 2 } } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      },
      { version: '1.39' },
    );
    assert.equal(claim.statusCode, 204);
  });
  after(() => h.close());

  /** Everything observable through the API. */
  async function state(): Promise<unknown> {
    const get = async (path: string) => (await h.call('admin', 'GET', path, undefined, { version: '1.39' })).data;
    const providers = (await get('/resource_providers')).resource_providers as { uuid: string }[];
    const perProvider = await Promise.all(
      providers.map(async (p) => [
        p,
        await get(`/resource_providers/${p.uuid}/inventories`),
        await get(`/resource_providers/${p.uuid}/traits`),
        await get(`/resource_providers/${p.uuid}/aggregates`),
        await get(`/resource_providers/${p.uuid}/allocations`),
      ]),
    );
    return {
      perProvider,
      consumer: await get(`/allocations/${consumer}`),
      classes: await get('/resource_classes'),
      traits: await get('/traits?name=startswith:CUSTOM_'),
    };
  }

  test('every refusal leaves the whole state as it was', async () => {
    // Built here, once the fixtures above exist.
    const cases: {
      what: string;
      method: string;
      path: () => string;
      body?: unknown;
      version?: string;
      status: number;
    }[] = [
      { what: 'provider without name', method: 'POST', path: () => '/resource_providers', body: {}, status: 400 },
      {
        what: 'provider name too long',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 'x'.repeat(201) },
        status: 400,
      },
      {
        what: 'provider bad uuid',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 'n', uuid: 'nope' },
        status: 400,
      },
      {
        what: 'provider extra field',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 'n', colour: 'blue' },
        status: 400,
      },
      {
        what: 'provider name as number',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 7 },
        status: 400,
      },
      { what: 'provider body is a list', method: 'POST', path: () => '/resource_providers', body: [], status: 400 },
      {
        what: 'provider duplicate name',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 'bad-host' },
        status: 409,
      },
      {
        what: 'provider unknown parent',
        method: 'POST',
        path: () => '/resource_providers',
        body: { name: 'n', parent_provider_uuid: randomUUID() },
        status: 400,
      },
      {
        what: 'rename to a taken name',
        method: 'PUT',
        path: () => `/resource_providers/${child}`,
        body: { name: 'bad-host' },
        status: 409,
      },
      {
        what: 'reparent into itself',
        method: 'PUT',
        path: () => `/resource_providers/${rp}`,
        body: { name: 'bad-host', parent_provider_uuid: child },
        status: 400,
      },
      { what: 'delete a parent', method: 'DELETE', path: () => `/resource_providers/${rp}`, status: 409 },
      {
        what: 'inventories without generation',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { inventories: {} },
        status: 400,
      },
      {
        what: 'inventories stale generation',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 0, inventories: {} },
        status: 409,
      },
      {
        what: 'inventory total 0',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 0 } } },
        status: 400,
      },
      {
        what: 'inventory total a string',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: '4' } } },
        status: 400,
      },
      {
        what: 'inventory negative reserved',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 4, reserved: -1 } } },
        status: 400,
      },
      {
        what: 'inventory total above MAX_INT',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 2 ** 31 } } },
        status: 400,
      },
      {
        what: 'inventory unknown field',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 4, colour: 1 } } },
        status: 400,
      },
      {
        what: 'inventory reserved above total',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 4, reserved: 5 } } },
        status: 400,
      },
      {
        what: 'inventory unknown class',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { VCPU: { total: 4 }, CUSTOM_NOPE: { total: 1 } } },
        status: 400,
      },
      {
        what: 'drop an allocated class',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_provider_generation: 2, inventories: { MEMORY_MB: { total: 2048 } } },
        status: 409,
      },
      {
        what: 'one inventory stale',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories/VCPU`,
        body: { resource_provider_generation: 1, total: 8 },
        status: 409,
      },
      {
        what: 'one inventory missing total',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/inventories/VCPU`,
        body: { resource_provider_generation: 2 },
        status: 400,
      },
      {
        what: 'delete an allocated class',
        method: 'DELETE',
        path: () => `/resource_providers/${rp}/inventories/VCPU`,
        status: 409,
      },
      {
        what: 'delete all while allocated',
        method: 'DELETE',
        path: () => `/resource_providers/${rp}/inventories`,
        status: 409,
      },
      {
        what: 'post inventory bad class name',
        method: 'POST',
        path: () => `/resource_providers/${rp}/inventories`,
        body: { resource_class: 'vcpu', total: 1 },
        status: 400,
      },
      {
        what: 'traits stale',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/traits`,
        body: { traits: ['HW_CPU_X86_AVX2'], resource_provider_generation: 0 },
        status: 409,
      },
      {
        what: 'traits unknown',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/traits`,
        body: { traits: ['CUSTOM_NOPE'], resource_provider_generation: 2 },
        status: 400,
      },
      {
        what: 'traits not a list',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/traits`,
        body: { traits: 'HW_CPU_X86_AVX2', resource_provider_generation: 2 },
        status: 400,
      },
      {
        what: 'traits empty name',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/traits`,
        body: { traits: [''], resource_provider_generation: 2 },
        status: 400,
      },
      {
        what: 'aggregates stale',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/aggregates`,
        body: { aggregates: [randomUUID()], resource_provider_generation: 0 },
        status: 409,
      },
      {
        what: 'aggregates not uuids',
        method: 'PUT',
        path: () => `/resource_providers/${rp}/aggregates`,
        body: { aggregates: ['x'], resource_provider_generation: 2 },
        status: 400,
      },
      { what: 'custom trait bad name', method: 'PUT', path: () => '/traits/CUSTOM_bad', status: 400 },
      { what: 'delete standard trait', method: 'DELETE', path: () => '/traits/HW_CPU_X86_AVX2', status: 400 },
      {
        what: 'resource class bad name',
        method: 'POST',
        path: () => '/resource_classes',
        body: { name: 'NOT_CUSTOM' },
        status: 400,
      },
      { what: 'resource class standard', method: 'DELETE', path: () => '/resource_classes/VCPU', status: 400 },
      {
        what: 'allocation over capacity',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [rp]: { resources: { VCPU: 3 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 409,
      },
      {
        what: 'allocation off step',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [rp]: { resources: { MEMORY_MB: 100 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 409,
      },
      {
        what: 'allocation zero',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [rp]: { resources: { VCPU: 0 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 400,
      },
      {
        what: 'allocation unknown provider',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [randomUUID()]: { resources: { VCPU: 1 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 400,
      },
      {
        what: 'allocation no inventory',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [child]: { resources: { VCPU: 1 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 409,
      },
      {
        what: 'allocation stale consumer',
        method: 'PUT',
        path: () => `/allocations/${consumer}`,
        body: {
          allocations: { [rp]: { resources: { VCPU: 1 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: 7,
          consumer_type: 'INSTANCE',
        },
        status: 409,
      },
      {
        what: 'allocation empty without generation',
        method: 'PUT',
        path: () => `/allocations/${consumer}`,
        body: { allocations: {}, project_id: 'p', user_id: 'u' },
        version: '1.27',
        status: 400,
      },
      {
        what: 'allocation lower-case type',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [rp]: { resources: { VCPU: 1 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'instance',
        },
        status: 400,
      },
      {
        what: 'allocation empty project',
        method: 'PUT',
        path: () => `/allocations/${randomUUID()}`,
        body: {
          allocations: { [rp]: { resources: { VCPU: 1 } } },
          project_id: '',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        },
        status: 400,
      },
      {
        what: 'post allocations one bad',
        method: 'POST',
        path: () => '/allocations',
        body: {
          [randomUUID()]: {
            allocations: { [rp]: { resources: { VCPU: 1 } } },
            project_id: 'p',
            user_id: 'u',
            consumer_generation: null,
            consumer_type: 'INSTANCE',
          },
          [randomUUID()]: {
            allocations: { [rp]: { resources: { VCPU: 9 } } },
            project_id: 'p',
            user_id: 'u',
            consumer_generation: null,
            consumer_type: 'INSTANCE',
          },
        },
        status: 409,
      },
      { what: 'post allocations bad key', method: 'POST', path: () => '/allocations', body: { nope: {} }, status: 400 },
      {
        what: 'delete allocations of nobody',
        method: 'DELETE',
        path: () => `/allocations/${randomUUID()}`,
        status: 404,
      },
    ];
    const before = await state();
    for (const c of cases) {
      const response = await h.call('admin', c.method, c.path(), c.body, { version: c.version ?? '1.39' });
      assert.equal(response.statusCode, c.status, `${c.what}: ${response.body}`);
      const [error] = response.data.errors;
      assert.equal(error.status, c.status, c.what);
      assert.equal(typeof error.title, 'string', c.what);
      assert.equal(typeof error.detail, 'string', c.what);
      assert.match(error.code, /^placement\./, c.what);
      assert.match(error.request_id, /^req-/, c.what);
    }
    assert.deepEqual(await state(), before);
  });
});
