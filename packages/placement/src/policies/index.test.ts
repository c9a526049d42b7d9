// Placement's default policies: admin or service for everything (placement:*), a project's reader for its own
// usages only; every rule a handler enforces is defined.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PolicyEngine } from '@nubo/core';
import { createProvider, type Harness, startHarness } from '../../test/harness.js';
import { placementPolicies, placementPolicyRules } from './index.js';

describe('placement policies', () => {
  let h: Harness;
  let rp: string;
  before(async () => {
    h = await startHarness();
    rp = await createProvider(h, 'policy-host');
  });
  after(() => h.close());

  const consumer = '4b8c0b6c-1f1e-4a52-9f55-7f4a3a9c1c11';
  const requests: [string, string, unknown?][] = [
    ['GET', '/resource_providers'],
    ['POST', '/resource_providers', { name: 'x' }],
    ['GET', `/resource_providers/${'RP'}`],
    ['PUT', `/resource_providers/${'RP'}`, { name: 'policy-host' }],
    ['DELETE', `/resource_providers/${'RP'}`],
    ['GET', `/resource_providers/${'RP'}/inventories`],
    ['PUT', `/resource_providers/${'RP'}/inventories`, { resource_provider_generation: 0, inventories: {} }],
    ['POST', `/resource_providers/${'RP'}/inventories`, { resource_class: 'VCPU', total: 1 }],
    ['DELETE', `/resource_providers/${'RP'}/inventories`],
    ['GET', `/resource_providers/${'RP'}/inventories/VCPU`],
    ['PUT', `/resource_providers/${'RP'}/inventories/VCPU`, { resource_provider_generation: 0, total: 1 }],
    ['DELETE', `/resource_providers/${'RP'}/inventories/VCPU`],
    ['GET', `/resource_providers/${'RP'}/aggregates`],
    ['PUT', `/resource_providers/${'RP'}/aggregates`, { aggregates: [], resource_provider_generation: 0 }],
    ['GET', `/resource_providers/${'RP'}/traits`],
    ['PUT', `/resource_providers/${'RP'}/traits`, { traits: [], resource_provider_generation: 0 }],
    ['DELETE', `/resource_providers/${'RP'}/traits`],
    ['GET', `/resource_providers/${'RP'}/usages`],
    ['GET', `/resource_providers/${'RP'}/allocations`],
    ['GET', '/traits'],
    ['GET', '/traits/HW_CPU_X86_AVX2'],
    ['PUT', '/traits/CUSTOM_POLICY'],
    ['DELETE', '/traits/CUSTOM_POLICY'],
    ['GET', '/resource_classes'],
    ['POST', '/resource_classes', { name: 'CUSTOM_POLICY' }],
    ['GET', '/resource_classes/VCPU'],
    ['PUT', '/resource_classes/CUSTOM_POLICY'],
    ['DELETE', '/resource_classes/CUSTOM_POLICY'],
    ['GET', `/allocations/${consumer}`],
    [
      'PUT',
      `/allocations/${consumer}`,
      { allocations: {}, project_id: 'p', user_id: 'u', consumer_generation: null, consumer_type: 'X' },
    ],
    [
      'POST',
      '/allocations',
      { [consumer]: { allocations: {}, project_id: 'p', user_id: 'u', consumer_generation: null, consumer_type: 'X' } },
    ],
    ['DELETE', `/allocations/${consumer}`],
    ['GET', '/allocation_candidates?resources=VCPU:1'],
  ];

  test('members and readers are refused every operator API, naming the rule', async () => {
    for (const token of ['member', 'reader'] as const) {
      for (const [method, path, body] of requests) {
        const response = await h.call(token, method, path.replace('RP', rp), body, { version: '1.39' });
        assert.equal(response.statusCode, 403, `${token} ${method} ${path}`);
        assert.match(response.data.errors[0].detail, /^Policy does not allow placement:[a-z_:]+ to be performed\.$/);
      }
    }
  });

  test('a service user passes the same rules (whatever the outcome after)', async () => {
    for (const [method, path, body] of requests) {
      const response = await h.call('service', method, path.replace('RP', rp), body, { version: '1.39' });
      assert.notEqual(response.statusCode, 403, `${method} ${path}: ${response.body}`);
    }
  });

  test('the rules read as oslo.policy enforces them with enforce_new_defaults = False', () => {
    const policy = new PolicyEngine(placementPolicyRules);
    const creds = (roles: string[], project = 'p1') => ({ roles, project_id: project });
    assert.ok(policy.check('placement:resource_providers:list', {}, creds(['admin'])));
    assert.ok(policy.check('placement:resource_providers:list', {}, creds(['service'])));
    assert.ok(!policy.check('placement:resource_providers:list', {}, creds(['member', 'reader'])));
    assert.ok(policy.check('placement:usages', { project_id: 'p1' }, creds(['reader'])));
    assert.ok(!policy.check('placement:usages', { project_id: 'p2' }, creds(['reader'])));
    assert.ok(policy.check('placement:usages', { project_id: 'p2' }, creds(['admin'])));
  });

  test('every rule a handler enforces is defined, and every documented rule is used', () => {
    const dir = join(import.meta.dirname, '..', 'api');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'(placement:[a-z_:]+)'/g)) used.add(m[1]!);
    }
    const defined = new Set(placementPolicies.filter((p) => p.name.startsWith('placement:')).map((p) => p.name));
    assert.deepEqual([...used].sort(), [...defined].sort());
  });
});
