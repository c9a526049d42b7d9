// Table tests for PolicyEngine: each check kind against targets and credentials, rule references, enforce, overrides.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Forbidden } from '../errors.js';
import { PolicyEngine } from './engine.js';
import { rulesOf } from './index.js';
import { PolicySyntaxError } from './parser.js';

type Case = {
  name: string;
  rule: string;
  target?: Record<string, unknown>;
  creds?: Record<string, unknown>;
  allowed: boolean;
};

const projectMember = {
  user_id: 'u1',
  user_domain_id: 'default',
  project_id: 'p1',
  project_domain_id: 'default',
  domain_id: null,
  system_scope: null,
  roles: ['Member', 'reader'],
  is_admin_project: true,
};

const cases: Case[] = [
  { name: 'empty string allows', rule: '', allowed: true },
  { name: '@ allows', rule: '@', allowed: true },
  { name: '! denies', rule: '!', allowed: false },
  { name: 'role matches', rule: 'role:reader', allowed: true },
  { name: 'role is case-insensitive (rule side)', rule: 'role:READER', allowed: true },
  { name: 'role is case-insensitive (token side)', rule: 'role:member', allowed: true },
  { name: 'role absent', rule: 'role:admin', allowed: false },
  { name: 'role without a roles credential', rule: 'role:reader', creds: { user_id: 'u1' }, allowed: false },
  {
    name: 'role from the target',
    rule: 'role:%(target.role.name)s',
    target: { target: { role: { name: 'Reader' } } },
    allowed: true,
  },
  { name: 'role from a missing target key', rule: 'role:%(target.role.name)s', allowed: false },
  { name: 'credential equals literal', rule: 'project_id:p1', allowed: true },
  { name: 'credential differs from literal', rule: 'project_id:p2', allowed: false },
  { name: 'unknown credential', rule: 'nope:p1', allowed: false },
  { name: 'quoted literal on the right', rule: "project_id:'p1'", allowed: true },
  { name: 'True matches boolean true', rule: 'is_admin_project:True', allowed: true },
  { name: 'true (lower case) is not Python True', rule: 'is_admin_project:true', allowed: false },
  { name: 'False does not match true', rule: 'is_admin_project:False', allowed: false },
  { name: 'number literal matches a number', rule: 'level:1', creds: { level: 1 }, allowed: true },
  { name: 'number literal matches a numeric string', rule: 'level:1', creds: { level: '1' }, allowed: true },
  { name: 'is_admin:1 without is_admin', rule: 'is_admin:1', allowed: false },
  {
    name: 'substitution from a nested target',
    rule: 'user_id:%(target.user.id)s',
    target: { target: { user: { id: 'u1' } } },
    allowed: true,
  },
  {
    name: 'substitution from a flattened target',
    rule: 'user_id:%(target.user.id)s',
    target: { 'target.user.id': 'u1' },
    allowed: true,
  },
  {
    name: 'substitution from a half-flattened target',
    rule: 'user_id:%(target.user.id)s',
    target: { 'target.user': { id: 'u1' } },
    allowed: true,
  },
  {
    name: 'substitution of another user',
    rule: 'user_id:%(target.user.id)s',
    target: { target: { user: { id: 'u2' } } },
    allowed: false,
  },
  {
    name: 'substitution with a missing key',
    rule: 'user_id:%(target.user.id)s',
    target: { target: {} },
    allowed: false,
  },
  {
    name: 'substitution through a non-object',
    rule: 'user_id:%(target.user.id)s',
    target: { target: 'x' },
    allowed: false,
  },
  { name: 'substitution of an object', rule: 'user_id:%(target)s', target: { target: { id: 'u1' } }, allowed: false },
  { name: 'top-level substitution', rule: 'user_id:%(user_id)s', target: { user_id: 'u1' }, allowed: true },
  { name: 'text around a substitution', rule: 'project_id:p%(n)s', target: { n: 1 }, allowed: true },
  {
    name: 'boolean target vs boolean credential',
    rule: 'is_admin_project:%(flag)s',
    target: { flag: true },
    allowed: true,
  },
  {
    name: 'null credential never equals a null target',
    rule: 'domain_id:%(target.domain_id)s',
    target: { target: { domain_id: null } },
    allowed: false,
  },
  {
    name: 'null credential vs a value',
    rule: 'domain_id:%(target.domain_id)s',
    target: { target: { domain_id: 'default' } },
    allowed: false,
  },
  { name: 'None on the right matches a null credential', rule: 'domain_id:None', allowed: true },
  { name: 'None on the right, non-null credential', rule: 'project_id:None', allowed: false },
  { name: 'None on the right, missing credential', rule: 'nope:None', allowed: false },
  {
    name: 'None on the left matches a null target',
    rule: 'None:%(role.domain_id)s',
    target: { role: { domain_id: null } },
    allowed: true,
  },
  {
    name: 'None on the left, set target',
    rule: 'None:%(role.domain_id)s',
    target: { role: { domain_id: 'd1' } },
    allowed: false,
  },
  { name: 'None on the left, missing target', rule: 'None:%(role.domain_id)s', allowed: false },
  { name: 'null inside longer text', rule: "'x-None':x-%(v)s", target: { v: null }, allowed: false },
  {
    name: 'quoted literal on the left',
    rule: "'admin':%(role.name)s",
    target: { role: { name: 'admin' } },
    allowed: true,
  },
  {
    name: 'quoted literal on the left is case-sensitive',
    rule: "'admin':%(role.name)s",
    target: { role: { name: 'Admin' } },
    allowed: false,
  },
  { name: 'True on the left', rule: 'True:%(user.enabled)s', target: { user: { enabled: true } }, allowed: true },
  {
    name: 'True on the left vs false',
    rule: 'True:%(user.enabled)s',
    target: { user: { enabled: false } },
    allowed: false,
  },
  { name: 'number on the left', rule: '3:%(n)s', target: { n: 3 }, allowed: true },
  {
    name: 'dotted credential path',
    rule: 'token.project.domain.id:%(d)s',
    target: { d: 'x' },
    creds: { token: { project: { domain: { id: 'x' } } } },
    allowed: true,
  },
  { name: 'generic check over a list credential', rule: 'roles:reader', allowed: true },
  {
    name: 'generic check through a list of objects',
    rule: 'groups.id:g2',
    creds: { groups: [{ id: 'g1' }, { id: 'g2' }] },
    allowed: true,
  },
  { name: 'and: both', rule: 'role:reader and project_id:p1', allowed: true },
  { name: 'and: one', rule: 'role:reader and project_id:p2', allowed: false },
  { name: 'or: one', rule: 'role:admin or project_id:p1', allowed: true },
  { name: 'or: none', rule: 'role:admin or project_id:p2', allowed: false },
  { name: 'not', rule: 'not role:admin', allowed: true },
  { name: 'and binds tighter than or', rule: 'role:reader or role:admin and !', allowed: true },
  { name: 'and binds tighter than or (left)', rule: '! and role:admin or role:reader', allowed: true },
  { name: 'parentheses override', rule: '(role:reader or role:admin) and !', allowed: false },
  { name: 'not binds tighter than and', rule: 'not role:reader and role:admin', allowed: false },
  { name: 'not binds tighter than or', rule: 'not role:reader or role:member', allowed: true },
  { name: 'rule reference', rule: 'rule:reader', allowed: true },
  { name: 'rule reference with colons', rule: 'rule:identity:get_self', target: { user_id: 'u1' }, allowed: true },
  { name: 'unknown rule reference is false', rule: 'rule:nope', allowed: false },
  { name: 'not of an unknown rule', rule: 'not rule:nope', allowed: true },
];

const named = {
  reader: 'role:reader',
  'identity:get_self': 'user_id:%(user_id)s',
};

describe('PolicyEngine.check', () => {
  for (const c of cases) {
    test(c.name, () => {
      const policy = new PolicyEngine({ ...named, subject: c.rule });
      assert.equal(policy.check('subject', c.target ?? {}, c.creds ?? projectMember), c.allowed);
    });
  }

  test('an unknown rule is false', () => {
    assert.equal(new PolicyEngine({}).check('identity:nope', {}, projectMember), false);
  });
});

describe('PolicyEngine construction', () => {
  test('a syntax error throws naming the rule', () => {
    assert.throws(
      () => new PolicyEngine({ good: 'role:a', 'identity:get_user': 'role:a or' }),
      (err: unknown) => err instanceof PolicySyntaxError && err.rule === 'identity:get_user',
    );
  });

  test('rules that reference each other in a cycle are refused', () => {
    assert.throws(() => new PolicyEngine({ a: 'rule:b', b: 'role:x or rule:a' }), /cycle: a -> b -> a/);
    assert.throws(() => new PolicyEngine({ a: 'not rule:a' }), /cycle: a -> a/);
  });

  test('a rule referenced twice is no cycle', () => {
    const policy = new PolicyEngine({ a: 'rule:b and rule:b', b: '@' });
    assert.equal(policy.check('a', {}, {}), true);
  });
});

describe('PolicyEngine.enforce', () => {
  const policy = new PolicyEngine({ 'identity:get_user': 'user_id:%(target.user.id)s' });

  test('passes when the rule allows', () => {
    policy.enforce('identity:get_user', { target: { user: { id: 'u1' } } }, projectMember);
  });

  test("throws Forbidden with Keystone's message when the rule denies", () => {
    assert.throws(
      () => policy.enforce('identity:get_user', { target: { user: { id: 'u2' } } }, projectMember),
      (err: unknown) =>
        err instanceof Forbidden &&
        err.status === 403 &&
        err.message === 'You are not authorized to perform the requested action: identity:get_user.',
    );
  });

  test('throws a plain Error for an unregistered rule', () => {
    assert.throws(
      () => policy.enforce('identity:nope', {}, projectMember),
      (err: unknown) => !(err instanceof Forbidden) && err instanceof Error && /not registered/.test(err.message),
    );
  });
});

describe('PolicyEngine.has and withOverrides', () => {
  const base = new PolicyEngine({ admin_required: 'role:admin', 'identity:list_users': 'rule:admin_required' });

  test('has knows registered names only', () => {
    assert.equal(base.has('identity:list_users'), true);
    assert.equal(base.has('identity:create_user'), false);
  });

  test('overrides replace and add rules without changing the original', () => {
    const overridden = base.withOverrides({ admin_required: 'role:reader', 'identity:create_user': '!' });
    assert.equal(overridden.check('identity:list_users', {}, projectMember), true);
    assert.equal(overridden.has('identity:create_user'), true);
    assert.equal(base.check('identity:list_users', {}, projectMember), false);
    assert.equal(base.has('identity:create_user'), false);
  });

  test('a bad override throws naming the rule', () => {
    assert.throws(() => base.withOverrides({ 'identity:list_users': 'role:(' }), /identity:list_users/);
  });
});

describe('rulesOf', () => {
  test('maps names to check strings', () => {
    const rule = { description: 'd', operations: [] };
    assert.deepEqual(
      rulesOf([
        { name: 'a', checkStr: '@', ...rule },
        { name: 'b', checkStr: '!', ...rule },
      ]),
      {
        a: '@',
        b: '!',
      },
    );
  });

  test('refuses a duplicate name', () => {
    const rule = { name: 'a', checkStr: '@', description: 'd', operations: [] };
    assert.throws(() => rulesOf([rule, rule]), /defined twice/);
  });
});
