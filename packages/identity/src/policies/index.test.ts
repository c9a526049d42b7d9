// Compiles every Identity default rule and checks who may do what with project, domain and system tokens.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PolicyEngine } from '@nubo/core';
import { identityPolicies, identityPolicyRules } from './index.js';

type Creds = Record<string, unknown>;

// Roles as a token states them: Keystone's default implied roles expand admin → member → reader.
const EXPANDED: Record<string, string[]> = {
  admin: ['admin', 'member', 'reader'],
  member: ['member', 'reader'],
  reader: ['reader'],
};

function projectToken(role: string, userId = 'u-self'): Creds {
  return {
    user_id: userId,
    user_domain_id: 'default',
    project_id: 'p1',
    project_domain_id: 'default',
    domain_id: null,
    system_scope: null,
    roles: EXPANDED[role],
    is_admin_project: true,
  };
}

function domainToken(role: string, domainId = 'd1'): Creds {
  return {
    user_id: 'u-domain',
    user_domain_id: domainId,
    project_id: null,
    project_domain_id: null,
    domain_id: domainId,
    system_scope: null,
    roles: EXPANDED[role],
    is_admin_project: true,
  };
}

function systemToken(role: string): Creds {
  return {
    user_id: 'u-system',
    user_domain_id: 'default',
    project_id: null,
    project_domain_id: null,
    domain_id: null,
    system_scope: 'all',
    roles: EXPANDED[role],
    is_admin_project: true,
  };
}

const policy = new PolicyEngine(identityPolicyRules);

describe('identityPolicies', () => {
  test('every rule compiles and every rule: reference is defined', () => {
    for (const rule of identityPolicies) {
      for (const [, referenced] of rule.checkStr.matchAll(/rule:([^\s()]+)/g)) {
        assert.ok(policy.has(referenced!), `${rule.name} references undefined rule:${referenced}`);
      }
    }
  });

  test('every API rule is documented with a description and its operations', () => {
    for (const rule of identityPolicies) {
      assert.notEqual(rule.description, '', rule.name);
      if (!rule.name.startsWith('identity:')) continue;
      assert.ok(rule.operations.length > 0, `${rule.name} has no operations`);
      for (const op of rule.operations) {
        assert.match(op.path, /^\/v3\//, `${rule.name} ${op.path}`);
        assert.match(op.method, /^(GET|HEAD|POST|PUT|PATCH|DELETE)$/, `${rule.name} ${op.method}`);
      }
    }
  });

  test('includes the rules the routes enforce', () => {
    for (const name of [
      'identity:validate_token',
      'identity:check_token',
      'identity:revoke_token',
      'identity:create_implied_role',
      'identity:list_implied_roles',
      'identity:get_implied_role',
      'identity:check_implied_role',
      'identity:delete_implied_role',
      'identity:list_role_inference_rules',
      'identity:check_grant',
      'identity:list_grants',
      'identity:create_grant',
      'identity:revoke_grant',
      'identity:check_system_grant_for_user',
      'identity:list_role_assignments',
      'identity:list_role_assignments_for_tree',
    ]) {
      assert.ok(policy.has(name), name);
    }
  });
});

type Decision = { who: string; creds: Creds; rule: string; target: Record<string, unknown>; allowed: boolean };

const selfUser = { target: { user: { id: 'u-self', domain_id: 'default' } } };
const otherUser = { target: { user: { id: 'u-other', domain_id: 'default' } } };

const decisions: Decision[] = [
  // enforce_new_defaults = False: the admin role on a project is a cloud admin through rule:admin_required.
  {
    who: 'project admin',
    creds: projectToken('admin'),
    rule: 'identity:create_project',
    target: { target: { project: { domain_id: 'default' } } },
    allowed: true,
  },
  { who: 'project admin', creds: projectToken('admin'), rule: 'identity:list_users', target: {}, allowed: true },
  { who: 'project admin', creds: projectToken('admin'), rule: 'identity:create_domain', target: {}, allowed: true },
  { who: 'project member', creds: projectToken('member'), rule: 'identity:list_users', target: {}, allowed: false },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:list_users',
    target: { target: { domain_id: 'default' } },
    allowed: false,
  },
  { who: 'project member', creds: projectToken('member'), rule: 'identity:list_projects', target: {}, allowed: false },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:create_project',
    target: { target: { project: { domain_id: 'default' } } },
    allowed: false,
  },
  { who: 'project member', creds: projectToken('member'), rule: 'identity:get_user', target: selfUser, allowed: true },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:get_user',
    target: otherUser,
    allowed: false,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:list_user_projects',
    target: { user_id: 'u-self', ...selfUser },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:list_user_projects',
    target: { user_id: 'u-other', ...otherUser },
    allowed: false,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:get_project',
    target: { target: { project: { id: 'p1', domain_id: 'default' } } },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:get_project',
    target: { target: { project: { id: 'p2', domain_id: 'default' } } },
    allowed: false,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:get_domain',
    target: { target: { domain: { id: 'default' } } },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:get_domain',
    target: { target: { domain: { id: 'd1' } } },
    allowed: false,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:validate_token',
    target: { target: { token: { user_id: 'u-self' } } },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:validate_token',
    target: { target: { token: { user_id: 'u-other' } } },
    allowed: false,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:revoke_token',
    target: { target: { token: { user_id: 'u-self' } } },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:create_application_credential',
    target: { user_id: 'u-self' },
    allowed: true,
  },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:create_application_credential',
    target: { user_id: 'u-other' },
    allowed: false,
  },
  { who: 'project member', creds: projectToken('member'), rule: 'identity:list_regions', target: {}, allowed: true },
  {
    who: 'project member',
    creds: projectToken('member'),
    rule: 'identity:list_projects_for_user',
    target: {},
    allowed: true,
  },
  {
    who: 'service user',
    creds: { ...projectToken('member'), roles: ['service'] },
    rule: 'identity:validate_token',
    target: { target: { token: { user_id: 'u-other' } } },
    allowed: true,
  },
  { who: 'system reader', creds: systemToken('reader'), rule: 'identity:list_users', target: {}, allowed: true },
  {
    who: 'system reader',
    creds: systemToken('reader'),
    rule: 'identity:create_user',
    target: { target: { user: { domain_id: 'default' } } },
    allowed: false,
  },
  {
    who: 'system reader',
    creds: systemToken('reader'),
    rule: 'identity:list_role_inference_rules',
    target: {},
    allowed: true,
  },
  {
    who: 'system reader',
    creds: systemToken('reader'),
    rule: 'identity:create_implied_role',
    target: {},
    allowed: false,
  },
  {
    who: 'system admin',
    creds: systemToken('admin'),
    rule: 'identity:create_user',
    target: { target: { user: { domain_id: 'd1' } } },
    allowed: true,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:list_users',
    target: { target: { domain_id: 'd1' } },
    allowed: true,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:list_users',
    target: { target: { domain_id: 'd2' } },
    allowed: false,
  },
  { who: 'domain reader', creds: domainToken('reader'), rule: 'identity:list_users', target: {}, allowed: false },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:get_user',
    target: { target: { user: { id: 'u-x', domain_id: 'd1' } } },
    allowed: true,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:get_user',
    target: { target: { user: { id: 'u-x', domain_id: 'd2' } } },
    allowed: false,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:create_user',
    target: { target: { user: { domain_id: 'd1' } } },
    allowed: false,
  },
  {
    who: 'domain admin',
    creds: domainToken('admin'),
    rule: 'identity:create_user',
    target: { target: { user: { domain_id: 'd1' } } },
    allowed: true,
  },
  // A domain admin is an admin too: under the deprecated rule it may act outside its domain, as in Keystone 2023.x.
  {
    who: 'domain admin',
    creds: domainToken('admin'),
    rule: 'identity:create_user',
    target: { target: { user: { domain_id: 'd2' } } },
    allowed: true,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:check_grant',
    target: { target: { role: { domain_id: null }, user: { domain_id: 'd1' }, project: { domain_id: 'd1' } } },
    allowed: true,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:check_grant',
    target: { target: { role: { domain_id: 'd2' }, user: { domain_id: 'd1' }, project: { domain_id: 'd1' } } },
    allowed: false,
  },
  {
    who: 'domain reader',
    creds: domainToken('reader'),
    rule: 'identity:check_grant',
    target: { target: { role: { domain_id: null }, group: { domain_id: 'd1' }, domain: { id: 'd2' } } },
    allowed: false,
  },
];

describe('identity policy decisions', () => {
  for (const d of decisions) {
    test(`${d.who} ${d.allowed ? 'may' : 'may not'} ${d.rule} on ${JSON.stringify(d.target)}`, () => {
      assert.equal(policy.check(d.rule, d.target, d.creds), d.allowed);
    });
  }
});
