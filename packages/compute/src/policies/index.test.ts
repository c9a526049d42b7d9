// The default policies: every rule compiles, every rule a handler names exists, and the personas get what Nova's
// new defaults give them (member writes its project, reader reads it, admin does everything).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PolicyEngine } from '@nubo/core';
import { computePolicies, computePolicyRules } from './index.js';

const engine = new PolicyEngine(computePolicyRules);
const creds = (roles: string[], project = 'p1', user = 'u1') => ({
  roles,
  project_id: project,
  user_id: user,
  is_admin: roles.includes('admin'),
});
const member = creds(['member', 'reader']);
const reader = creds(['reader']);
const admin = creds(['admin', 'member', 'reader'], 'admin-project', 'admin-user');
const stranger = creds(['member', 'reader'], 'p2', 'u2');

describe('compute policies', () => {
  test('every rule a handler enforces or checks is defined', () => {
    const apiDir = join(import.meta.dirname, '..', 'api');
    const named = new Set<string>();
    for (const file of readdirSync(apiDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(apiDir, file), 'utf8').matchAll(
        /'((?:os_compute_api|compute):[a-z0-9_:-]+)'/g,
      )) {
        named.add(m[1]!);
      }
    }
    assert.ok(named.size > 60, `found ${named.size} rule names`);
    const missing = [...named].filter((n) => !engine.has(n) && !n.endsWith(':'));
    assert.deepEqual(missing, []);
    for (const rule of computePolicies) {
      assert.ok(rule.description.length > 0, `${rule.name} has a description`);
    }
  });

  test('members write their project, readers read it, admins do all, strangers nothing', () => {
    const target = { project_id: 'p1', user_id: 'u1' };
    const cases: [string, boolean, boolean, boolean, boolean][] = [
      // rule, member, reader, admin, member of another project
      ['os_compute_api:servers:create', true, false, true, false],
      ['os_compute_api:servers:show', true, true, true, false],
      ['os_compute_api:servers:delete', true, false, true, false],
      ['os_compute_api:os-pause-server:pause', true, false, true, false],
      ['os_compute_api:os-shelve:shelve_offload', false, false, true, false],
      ['os_compute_api:os-extended-server-attributes', false, false, true, false],
      ['os_compute_api:os-flavor-manage:create', false, false, true, false],
      ['os_compute_api:os-hypervisors:list', false, false, true, false],
      ['os_compute_api:os-quota-sets:show', true, true, true, false],
      ['os_compute_api:os-availability-zone:list', true, true, true, true],
    ];
    for (const [rule, m, r, a, s] of cases) {
      assert.deepEqual(
        [m, r, a, s].map((_, i) => engine.check(rule, target, [member, reader, admin, stranger][i]!)),
        [m, r, a, s],
        rule,
      );
    }
    assert.equal(engine.check('os_compute_api:os-keypairs:show', { user_id: 'u1' }, member), true);
    assert.equal(engine.check('os_compute_api:os-keypairs:show', { user_id: 'u1' }, stranger), false);
    assert.equal(engine.check('os_compute_api:os-keypairs:show', { user_id: 'u1' }, admin), true);
  });
});
