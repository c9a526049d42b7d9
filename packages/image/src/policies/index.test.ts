// The default rules: all parse, every rule a handler names exists, and they decide as Glance's defaults do.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PolicyEngine } from '@nubo/core';
import { imagePolicyRules } from './index.js';

const policy = new PolicyEngine(imagePolicyRules);
const creds = (project: string, roles: string[]) => ({ project_id: project, roles });
const admin = creds('p-admin', ['admin', 'member', 'reader']);
const member = creds('p-a', ['member', 'reader']);
const reader = creds('p-a', ['reader']);
const other = creds('p-b', ['member', 'reader']);
const image = (visibility: string, memberId: string | null = null) => ({
  project_id: 'p-a',
  owner: 'p-a',
  visibility,
  member_id: memberId,
});

describe('image policies', () => {
  it('names only defined rules in the handlers', () => {
    const dir = join(import.meta.dirname, '..', 'api');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/(?:enforce|enforceImage|enforceMember|allowed)\([^)]*?'([a-z_]+)'/g))
        used.add(m[1]!);
      for (const m of text.matchAll(/(?:public|community): '([a-z_]+)'/g)) used.add(m[1]!);
    }
    assert.ok(used.size >= 15, [...used].join(', '));
    for (const rule of used) assert.ok(policy.has(rule), `rule ${rule} is used but not defined`);
  });

  const cases: [string, string, Record<string, unknown>, Record<string, unknown>, boolean][] = [
    ['admin', 'get_image', admin, image('private'), true],
    ['owner reader', 'get_image', reader, image('private'), true],
    ['other project', 'get_image', other, image('private'), false],
    ['other project, public', 'get_image', other, image('public'), true],
    ['other project, community', 'get_image', other, image('community'), true],
    ['member of shared', 'get_image', other, image('shared', 'p-b'), true],
    ['owner member', 'modify_image', member, image('private'), true],
    ['owner reader', 'modify_image', reader, image('private'), false],
    ['other project, public', 'modify_image', other, image('public'), false],
    ['owner member', 'publicize_image', member, image('private'), false],
    ['admin', 'publicize_image', admin, image('private'), true],
    ['owner member', 'communitize_image', member, image('private'), true],
    ['owner, own project', 'add_image', member, { project_id: 'p-a', owner: 'p-a' }, true],
    ['member, other owner', 'add_image', member, { project_id: 'p-b', owner: 'p-b' }, false],
    ['reader', 'add_image', reader, { project_id: 'p-a', owner: 'p-a' }, false],
    ['member of shared', 'download_image', other, image('shared', 'p-b'), true],
    ['owner member', 'modify_member', member, image('shared'), false],
    ['the member', 'modify_member', other, image('shared', 'p-b'), true],
    ['the member', 'add_member', other, image('shared', 'p-b'), false],
    ['the member', 'get_members', other, image('shared', 'p-b'), true],
    ['member', 'stores_info_detail', member, {}, false],
  ];
  for (const [who, rule, credentials, target, expected] of cases) {
    it(`${rule}: ${who} → ${expected ? 'allowed' : 'denied'}`, () => {
      assert.equal(policy.check(rule, target, credentials), expected);
    });
  }
});
