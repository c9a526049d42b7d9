// GET /allocation_candidates over HTTP: response shapes per microversion, parameter forms and their refusals
// (allocation-candidates.yaml, granular.yaml, allocation-candidates-root-required.yaml, granular-same-subtree.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, setInventory, startHarness } from '../../test/harness.js';

describe('GET /allocation_candidates', () => {
  let h: Harness;
  let cn: string;
  let pf1: string;
  let pf2: string;
  let nfs: string;
  const agg = randomUUID();
  before(async () => {
    h = await startHarness();
    cn = await createProvider(h, 'ac-cn');
    pf1 = await createProvider(h, 'ac-pf1', { parent_provider_uuid: cn });
    pf2 = await createProvider(h, 'ac-pf2', { parent_provider_uuid: cn });
    nfs = await createProvider(h, 'ac-nfs');
    await setInventory(h, cn, { VCPU: { total: 8 }, MEMORY_MB: { total: 4096 } });
    await setInventory(h, pf1, { SRIOV_NET_VF: { total: 4 } });
    await setInventory(h, pf2, { SRIOV_NET_VF: { total: 4 } });
    await setInventory(h, nfs, { DISK_GB: { total: 500 } });
    const traits = async (rp: string, names: string[]) => {
      const g = (await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, { version: '1.39' })).data;
      await h.call(
        'admin',
        'PUT',
        `/resource_providers/${rp}/traits`,
        { traits: names, resource_provider_generation: g.generation },
        { version: '1.39' },
      );
    };
    await traits(cn, ['HW_CPU_X86_AVX2']);
    await traits(nfs, ['MISC_SHARES_VIA_AGGREGATE']);
    for (const rp of [cn, nfs]) {
      const g = (await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, { version: '1.39' })).data;
      await h.call(
        'admin',
        'PUT',
        `/resource_providers/${rp}/aggregates`,
        { aggregates: [agg], resource_provider_generation: g.generation },
        { version: '1.39' },
      );
    }
  });
  after(() => h.close());

  const get = (query: string, version = '1.39') =>
    h.call('admin', 'GET', `/allocation_candidates?${query}`, undefined, { version });

  test('1.39: requests as PUT bodies with mappings; summaries with every class, traits, parent and root', async () => {
    const response = await get('resources=VCPU:1,DISK_GB:10');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.data.allocation_requests, [
      {
        allocations: { [cn]: { resources: { VCPU: 1 } }, [nfs]: { resources: { DISK_GB: 10 } } },
        mappings: { '': [cn, nfs] },
      },
    ]);
    const summaries = response.data.provider_summaries;
    assert.deepEqual(Object.keys(summaries).sort(), [cn, pf1, pf2, nfs].sort(), 'the whole tree and the sharer');
    assert.deepEqual(summaries[cn], {
      resources: { MEMORY_MB: { capacity: 4096, used: 0 }, VCPU: { capacity: 8, used: 0 } },
      traits: ['HW_CPU_X86_AVX2'],
      parent_provider_uuid: null,
      root_provider_uuid: cn,
    });
    assert.equal(summaries[pf1].parent_provider_uuid, cn);
    assert.equal(summaries[pf1].root_provider_uuid, cn);
  });

  test('older shapes: the list form before 1.12, only requested classes before 1.27, no traits before 1.17', async () => {
    const v1_10 = (await get('resources=VCPU:1', '1.10')).data;
    assert.deepEqual(v1_10.allocation_requests, [
      { allocations: [{ resource_provider: { uuid: cn }, resources: { VCPU: 1 } }] },
    ]);
    assert.deepEqual(v1_10.provider_summaries[cn], { resources: { VCPU: { capacity: 8, used: 0 } } });
    const v1_17 = (await get('resources=VCPU:1', '1.17')).data;
    assert.deepEqual(v1_17.provider_summaries[cn].traits, ['HW_CPU_X86_AVX2']);
    assert.equal('mappings' in v1_17.allocation_requests[0], false);
    assert.equal(Object.keys((await get('resources=VCPU:1', '1.26')).data.provider_summaries[cn].resources).length, 1);
    assert.equal(Object.keys((await get('resources=VCPU:1', '1.27')).data.provider_summaries[cn].resources).length, 2);
    const v1_28 = (await get('resources=VCPU:1,SRIOV_NET_VF:1', '1.28')).data;
    assert.deepEqual(v1_28.allocation_requests, [], 'before 1.29 a request cannot span a tree');
    assert.equal((await get('resources=VCPU:1,SRIOV_NET_VF:1', '1.29')).data.allocation_requests.length, 2);
  });

  test('granular groups need group_policy; isolate puts them on different providers', async () => {
    const twoGroups = 'resources=VCPU:1&resources1=SRIOV_NET_VF:1&resources2=SRIOV_NET_VF:1';
    const noPolicy = await get(twoGroups);
    assert.equal(noPolicy.statusCode, 400);
    assert.match(noPolicy.data.errors[0].detail, /The "group_policy" parameter is required/);
    const isolate = await get(`${twoGroups}&group_policy=isolate`);
    assert.equal(isolate.statusCode, 200);
    assert.equal(isolate.data.allocation_requests.length, 2);
    for (const r of isolate.data.allocation_requests) assert.notDeepEqual(r.mappings['1'], r.mappings['2']);
    assert.equal((await get(`${twoGroups}&group_policy=none`)).data.allocation_requests.length, 4);
    const named = await get('resources_NET=SRIOV_NET_VF:1&required_NET=!HW_CPU_X86_AVX2', '1.33');
    assert.equal(named.statusCode, 200, named.body);
    assert.equal(named.data.allocation_requests.length, 2);
    assert.equal((await get('resources_NET=SRIOV_NET_VF:1', '1.32')).statusCode, 400, 'string suffixes from 1.33');
    assert.equal((await get('resources1=VCPU:1', '1.24')).statusCode, 400, 'granular groups from 1.25');
  });

  test('required, member_of, in_tree, root_required and limit', async () => {
    const count = async (query: string, version = '1.39') => {
      const response = await get(query, version);
      assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
      return response.data.allocation_requests.length as number;
    };
    assert.equal(await count('resources=VCPU:1&required=HW_CPU_X86_AVX2', '1.17'), 1);
    assert.equal(await count('resources=VCPU:1&required=!HW_CPU_X86_AVX2', '1.22'), 0);
    assert.equal(await count(`resources=VCPU:1&member_of=${agg}`, '1.21'), 1);
    assert.equal(await count(`resources=VCPU:1&member_of=!${agg}`, '1.32'), 0);
    assert.equal(await count(`resources=SRIOV_NET_VF:1&in_tree=${pf2}`, '1.31'), 2);
    assert.equal(await count(`resources1=SRIOV_NET_VF:1&in_tree1=${pf2}`, '1.31'), 2);
    assert.equal(await count(`resources=SRIOV_NET_VF:1&in_tree=${nfs}`, '1.31'), 0);
    assert.equal(await count('resources=VCPU:1&root_required=!HW_CPU_X86_AVX2', '1.35'), 0);
    assert.equal(await count('resources=SRIOV_NET_VF:1&limit=1', '1.16'), 1);
    await h.call('admin', 'PUT', '/traits/CUSTOM_X', undefined, { version: '1.39' });
    assert.equal(await count('resources=VCPU:1&required=in:STORAGE_DISK_SSD,CUSTOM_X'), 0);
    assert.equal(await count('resources=VCPU:1&required=in:HW_CPU_X86_AVX2,CUSTOM_X&required=!STORAGE_DISK_SSD'), 1);
  });

  test('same_subtree and resourceless groups from 1.36', async () => {
    const ok = await get(
      'resources_A=SRIOV_NET_VF:1&required_B=HW_CPU_X86_AVX2&same_subtree=_A,_B&group_policy=none',
      '1.36',
    );
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.data.allocation_requests.length, 2);
    assert.deepEqual(ok.data.allocation_requests[0].mappings._B, [cn]);
    const orphan = await get('resources_A=SRIOV_NET_VF:1&required_B=HW_CPU_X86_AVX2&group_policy=none', '1.36');
    assert.equal(orphan.statusCode, 400);
    assert.equal(orphan.data.errors[0].code, 'placement.query.bad_value');
  });

  test('bad parameters are 400s with Placement wording', async () => {
    const cases: [string, string, RegExp][] = [
      ['', '1.10', /'resources' is a required property/],
      ['resources=VCPU', '1.39', /Badly formed resources parameter/],
      ['resources=VCPU:x', '1.39', /expected positive integer amount/],
      ['resources=VCPU:0', '1.39', /requires amount >= 1/],
      ['resources=CUSTOM_NOPE:1', '1.39', /Invalid resource class in resources parameter/],
      ['resources=VCPU:1&required=CUSTOM_NOPE', '1.39', /No such trait\(s\): CUSTOM_NOPE/],
      ['resources=VCPU:1&required=A,', '1.39', /Got an empty trait/],
      ['resources=VCPU:1&required=HW_CPU_X86_AVX2&required=!HW_CPU_X86_AVX2', '1.39', /Conflicting required/],
      ['resources=VCPU:1&required=in:HW_CPU_X86_AVX2', '1.38', /only supported since microversion 1.39/],
      ['resources=VCPU:1&member_of=a,b', '1.39', /must be prefixed with the 'in:'/],
      ['resources=VCPU:1&member_of=nope', '1.39', /valid UUID/],
      ['resources=VCPU:1&limit=0', '1.39', /Invalid query string parameters/],
      ['resources=VCPU:1&limit=1', '1.15', /Invalid query string parameters/],
      ['resources=VCPU:1&group_policy=sometimes', '1.39', /Invalid query string parameters/],
      ['resources=VCPU:1&colour=blue', '1.39', /Additional properties are not allowed/],
      ['required1=HW_CPU_X86_AVX2&resources=VCPU:1', '1.35', /orphaned traits keys: required1/],
      ['limit=1', '1.39', /There must be at least one resources/],
      ['resources=VCPU:1&root_required=A&root_required=B', '1.39', /may be specified only once/],
      ['resources=VCPU:1&in_tree=nope', '1.39', /Expected 'in_tree' parameter to be a format of uuid/],
    ];
    for (const [query, version, detail] of cases) {
      const response = await get(query, version);
      assert.equal(response.statusCode, 400, `${query} @${version}: ${response.body}`);
      assert.match(response.data.errors[0].detail, detail, query);
    }
  });
});
