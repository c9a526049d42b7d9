// Table tests for the rule-language parser: each construct, precedence, literals and syntax errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCheck, PolicySyntaxError, parseRule } from './parser.js';

describe('parseRule', () => {
  const parses: [source: string, printed: string][] = [
    ['', '@'],
    ['@', '@'],
    ['!', '!'],
    ['rule:admin_required', 'rule:admin_required'],
    ['rule:identity:get_user', 'rule:identity:get_user'],
    ['role:admin', 'role:admin'],
    ['role:%(target.role.name)s', 'role:%(target.role.name)s'],
    ['user_id:%(target.user.id)s', 'user_id:%(target.user.id)s'],
    ['token.project.domain.id:%(target.domain.id)s', 'token.project.domain.id:%(target.domain.id)s'],
    ['project_id:p-%(id)s', 'project_id:p-%(id)s'],
    ['name:100%%', 'name:100%%'],
    ['is_admin:1', 'is_admin:1'],
    ['enabled:True', 'enabled:True'],
    ["name:'two words'", 'name:two words'],
    ['domain_id:None', 'domain_id:None'],
    ["'member':%(role.name)s", "'member':%(role.name)s"],
    ['"a:b":%(x)s', "'a:b':%(x)s"],
    ['True:%(user.enabled)s', "'True':%(user.enabled)s"],
    ['False:%(user.enabled)s', "'False':%(user.enabled)s"],
    ['None:%(target.role.domain_id)s', 'None:%(target.role.domain_id)s'],
    ['1:%(n)s', "'1':%(n)s"],
    ['-2:%(n)s', "'-2':%(n)s"],
    ['1.0:%(n)s', "'1.0':%(n)s"],
    ['1.5:%(n)s', "'1.5':%(n)s"],
    ['role:a or role:b', '(role:a or role:b)'],
    ['role:a and role:b', '(role:a and role:b)'],
    ['role:a or role:b or role:c', '(role:a or role:b or role:c)'],
    ['role:a and role:b and role:c', '(role:a and role:b and role:c)'],
    ['role:a or role:b and role:c', '(role:a or (role:b and role:c))'],
    ['role:a and role:b or role:c', '((role:a and role:b) or role:c)'],
    ['role:a or role:b and role:c or role:d', '(role:a or (role:b and role:c) or role:d)'],
    ['(role:a or role:b) and role:c', '((role:a or role:b) and role:c)'],
    ['not role:a', 'not role:a'],
    ['not role:a and role:b', '(not role:a and role:b)'],
    ['not role:a or role:b', '(not role:a or role:b)'],
    ['not (role:a or role:b)', 'not (role:a or role:b)'],
    ['role:a and not role:b', '(role:a and not role:b)'],
    ['not not role:a', 'not not role:a'],
    ['(((role:a)))', 'role:a'],
    ['(role:a)and(role:b)', '(role:a and role:b)'],
    ['role:a AND role:b OR NOT role:c', '((role:a and role:b) or not role:c)'],
    ['(user_id:%(user_id)s)', 'user_id:%(user_id)s'],
    ['  role:a\n\tor  role:b  ', '(role:a or role:b)'],
  ];
  for (const [source, printed] of parses) {
    test(`parses ${JSON.stringify(source)}`, () => {
      assert.equal(formatCheck(parseRule(source)), printed);
    });
  }

  test('splits a rule reference at the first colon only', () => {
    assert.deepEqual(parseRule('rule:identity:get_user'), { type: 'rule', name: 'identity:get_user' });
  });

  test('reads a dotted credential path and a template with text around holes', () => {
    assert.deepEqual(parseRule('token.domain.id:d-%(target.domain.id)s!'), {
      type: 'generic',
      subject: { type: 'credential', path: ['token', 'domain', 'id'] },
      match: ['d-', { key: 'target.domain.id' }, '!'],
    });
  });

  const errors: [source: string, column: number, problem: RegExp][] = [
    ['role', 1, /not a check/],
    ['admin', 1, /not a check/],
    [':admin', 1, /nothing before ':'/],
    ['role:', 5, /nothing after ':'/],
    ['role:a or', 10, /unexpected end/],
    ['or role:a', 1, /unexpected 'or'/],
    ['role:a role:b', 8, /unexpected 'role:b'/],
    ['(role:a', 8, /expected '\)'/],
    ['role:a)', 7, /unexpected '\)'/],
    ['()', 2, /unexpected '\)'/],
    ['not', 4, /unexpected end/],
    ['role:a and and role:b', 12, /unexpected 'and'/],
    ["name:'open", 6, /unterminated quoted string/],
    ['user_id:%(user_id', 9, /unterminated/],
    ['user_id:%(user_id)d', 9, /only '%\(user_id\)s'/],
    ['user_id:%()s', 9, /empty/],
    ['n:50%', 5, /lone '%'/],
    ['%(target.x)s:admin', 1, /names a credential/],
    ['a..b:c', 1, /empty segment/],
    ['"', 1, /unterminated quoted string/],
  ];
  for (const [source, column, problem] of errors) {
    test(`rejects ${JSON.stringify(source)}`, () => {
      assert.throws(
        () => parseRule(source, 'identity:broken'),
        (err: unknown) => {
          assert.ok(err instanceof PolicySyntaxError);
          assert.equal(err.rule, 'identity:broken');
          assert.equal(err.checkStr, source);
          assert.equal(err.column, column);
          assert.match(err.message, problem);
          assert.match(err.message, /identity:broken/);
          return true;
        },
      );
    });
  }
});
