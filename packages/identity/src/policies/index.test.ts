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

type Target = Record<string, unknown>;

const PROJECT_ADMIN = projectToken('admin');
const MEMBER = projectToken('member');
const SERVICE = { ...projectToken('member'), roles: ['service'] };
const SYSTEM_READER = systemToken('reader');
const SYSTEM_ADMIN = systemToken('admin');
const DOMAIN_READER = domainToken('reader');
const DOMAIN_ADMIN = domainToken('admin');

const user = (id: string, domainId: string): Target => ({ user_id: id, target: { user: { id, domain_id: domainId } } });
const project = (id: string, domainId: string): Target => ({ target: { project: { id, domain_id: domainId } } });
const domain = (id: string): Target => ({ target: { domain: { id } } });
const listFilter = (domainId: string): Target => ({ target: { domain_id: domainId } });
const token = (userId: string): Target => ({ target: { token: { user_id: userId } } });
const owner = (userId: string): Target => ({ user_id: userId });
// A grant on a project names the project's domain; a grant on a domain names the domain itself.
const grant = (roleDomainId: string | null, actor: 'user' | 'group', actorDomainId: string, on: Target): Target => ({
  target: { role: { domain_id: roleDomainId }, [actor]: { domain_id: actorDomainId }, ...on },
});

const decisions: [who: string, creds: Creds, rule: string, target: Target, allowed: boolean][] = [
  // enforce_new_defaults = False: the admin role on a project is a cloud admin through rule:admin_required.
  ['project admin', PROJECT_ADMIN, 'create_project', project('p2', 'default'), true],
  ['project admin', PROJECT_ADMIN, 'list_users', {}, true],
  ['project admin', PROJECT_ADMIN, 'create_domain', {}, true],
  ['project member', MEMBER, 'list_users', {}, false],
  ['project member', MEMBER, 'list_users', listFilter('default'), false],
  ['project member', MEMBER, 'list_projects', {}, false],
  ['project member', MEMBER, 'create_project', project('p2', 'default'), false],
  ['project member', MEMBER, 'get_user', user('u-self', 'default'), true],
  ['project member', MEMBER, 'get_user', user('u-other', 'default'), false],
  ['project member', MEMBER, 'list_user_projects', user('u-self', 'default'), true],
  ['project member', MEMBER, 'list_user_projects', user('u-other', 'default'), false],
  ['project member', MEMBER, 'get_project', project('p1', 'default'), true],
  ['project member', MEMBER, 'get_project', project('p2', 'default'), false],
  ['project member', MEMBER, 'get_domain', domain('default'), true],
  ['project member', MEMBER, 'get_domain', domain('d1'), false],
  ['project member', MEMBER, 'validate_token', token('u-self'), true],
  ['project member', MEMBER, 'validate_token', token('u-other'), false],
  ['project member', MEMBER, 'revoke_token', token('u-self'), true],
  ['project member', MEMBER, 'create_application_credential', owner('u-self'), true],
  ['project member', MEMBER, 'create_application_credential', owner('u-other'), false],
  ['project member', MEMBER, 'list_regions', {}, true],
  ['project member', MEMBER, 'list_projects_for_user', {}, true],
  ['service user', SERVICE, 'validate_token', token('u-other'), true],
  ['system reader', SYSTEM_READER, 'list_users', {}, true],
  ['system reader', SYSTEM_READER, 'create_user', user('u-new', 'default'), false],
  ['system reader', SYSTEM_READER, 'list_role_inference_rules', {}, true],
  ['system reader', SYSTEM_READER, 'create_implied_role', {}, false],
  ['system admin', SYSTEM_ADMIN, 'create_user', user('u-new', 'd1'), true],
  ['domain reader', DOMAIN_READER, 'list_users', listFilter('d1'), true],
  ['domain reader', DOMAIN_READER, 'list_users', listFilter('d2'), false],
  ['domain reader', DOMAIN_READER, 'list_users', {}, false],
  ['domain reader', DOMAIN_READER, 'get_user', user('u-x', 'd1'), true],
  ['domain reader', DOMAIN_READER, 'get_user', user('u-x', 'd2'), false],
  ['domain reader', DOMAIN_READER, 'create_user', user('u-new', 'd1'), false],
  ['domain reader', DOMAIN_READER, 'get_domain', domain('d1'), true],
  ['domain admin', DOMAIN_ADMIN, 'create_user', user('u-new', 'd1'), true],
  // Still an admin under the deprecated rule, so it may act outside its domain, as in Keystone 2023.x.
  ['domain admin', DOMAIN_ADMIN, 'create_user', user('u-new', 'd2'), true],
  // A null role domain is a global role, which a domain reader may see granted in its domain.
  ['domain reader', DOMAIN_READER, 'check_grant', grant(null, 'user', 'd1', { project: { domain_id: 'd1' } }), true],
  ['domain reader', DOMAIN_READER, 'check_grant', grant('d2', 'user', 'd1', { project: { domain_id: 'd1' } }), false],
  ['domain reader', DOMAIN_READER, 'check_grant', grant('d1', 'group', 'd1', { domain: { id: 'd1' } }), true],
  ['domain reader', DOMAIN_READER, 'check_grant', grant(null, 'group', 'd1', { domain: { id: 'd2' } }), false],
];

describe('identity policy decisions', () => {
  for (const [who, creds, rule, target, allowed] of decisions) {
    test(`${who} ${allowed ? 'may' : 'may not'} identity:${rule} on ${JSON.stringify(target)}`, () => {
      assert.equal(policy.check(`identity:${rule}`, target, creds), allowed);
    });
  }
});
