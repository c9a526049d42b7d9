// Security groups on a real database: the default group (once per project, its four rules), Neutron's default
// egress rules on a new group, the `default` name, delete rules, quotas and cross-project refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { replacePortGroups } from './db/ports.js';
import { callerOf, type L3TestContext, l3TestContext, projectNetwork, vmPort } from './l3-test-context.js';
import { setLimits } from './quotas.js';
import {
  createSecurityGroup,
  deleteSecurityGroup,
  ensureDefaultSecurityGroup,
  listSecurityGroups,
  resolvePortSecurityGroups,
  showSecurityGroup,
  updateSecurityGroup,
} from './security-groups.js';

const alice = callerOf('project-a');
const bob = callerOf('project-b');

function ruleShapes(rules: { direction: string; ethertype: string; remote_group_id: string | null }[], id: string) {
  return rules
    .map((r) => `${r.direction} ${r.ethertype} ${r.remote_group_id === id ? 'self' : (r.remote_group_id ?? '-')}`)
    .sort();
}

for (const backend of testBackends()) {
  describe(`security groups (${backend.name})`, () => {
    let t: L3TestContext;
    before(async () => {
      t = await l3TestContext(backend);
    });
    after(async () => t.drop());

    test('the default group is made once per project, with all egress and ingress from itself', async () => {
      const ids = await Promise.all([1, 2, 3].map(() => ensureDefaultSecurityGroup(t.ctx, alice.projectId)));
      assert.equal(new Set(ids).size, 1, 'racing first uses find one group');
      const groups = await listSecurityGroups(t.ctx, alice);
      assert.deepEqual(
        groups.map((g) => g.row.name),
        ['default'],
      );
      const group = groups[0]!;
      assert.equal(group.row.id, ids[0]);
      assert.equal(group.row.project_id, alice.projectId);
      assert.deepEqual(ruleShapes(group.rules, group.row.id), [
        'egress IPv4 -',
        'egress IPv6 -',
        'ingress IPv4 self',
        'ingress IPv6 self',
      ]);
      assert.ok(group.rules.every((r) => r.protocol === null && r.remote_ip_prefix === null));
    });

    test('listing makes the caller’s default group; another project never sees it', async () => {
      const bobs = await listSecurityGroups(t.ctx, bob);
      assert.equal(bobs.length, 1);
      assert.equal(bobs[0]!.row.project_id, bob.projectId);
      const alices = await listSecurityGroups(t.ctx, alice);
      await assert.rejects(showSecurityGroup(t.ctx, bob, alices[0]!.row.id), {
        type: 'SecurityGroupNotFound',
        status: 404,
        message: `Security group ${alices[0]!.row.id} does not exist`,
      });
      await assert.rejects(deleteSecurityGroup(t.ctx, bob, alices[0]!.row.id), { type: 'SecurityGroupNotFound' });
    });

    test('a new group gets the two egress rules; `default` is refused as a name', async () => {
      const web = await createSecurityGroup(t.ctx, alice, { name: 'web', description: 'web servers' });
      assert.equal(web.row.description, 'web servers');
      assert.equal(web.row.stateful, 1);
      assert.deepEqual(ruleShapes(web.rules, web.row.id), ['egress IPv4 -', 'egress IPv6 -']);
      await assert.rejects(createSecurityGroup(t.ctx, alice, { name: 'Default' }), {
        type: 'SecurityGroupDefaultAlreadyExists',
        status: 409,
      });
      await assert.rejects(updateSecurityGroup(t.ctx, alice, web.row.id, { name: 'default' }), {
        type: 'SecurityGroupDefaultAlreadyExists',
      });
      const renamed = await updateSecurityGroup(t.ctx, alice, web.row.id, { name: 'www' });
      assert.equal(renamed.row.name, 'www');
      assert.equal(renamed.row.revision_number, 2);
    });

    test('the default group keeps its name and only an admin deletes it', async () => {
      const id = await ensureDefaultSecurityGroup(t.ctx, alice.projectId);
      await assert.rejects(updateSecurityGroup(t.ctx, alice, id, { name: 'other' }), {
        type: 'SecurityGroupCannotUpdateDefault',
        status: 409,
      });
      await assert.rejects(deleteSecurityGroup(t.ctx, alice, id), {
        type: 'SecurityGroupCannotRemoveDefault',
        status: 409,
      });
      await deleteSecurityGroup(t.ctx, callerOf(alice.projectId, true), id);
      const again = await ensureDefaultSecurityGroup(t.ctx, alice.projectId);
      assert.notEqual(again, id, 'a deleted default group is made anew on next use');
    });

    test('a group a port is in cannot be deleted', async () => {
      const { network, subnet } = await projectNetwork(t.ctx, alice);
      const { port } = await vmPort(t.ctx, alice, network, subnet);
      const db = await createSecurityGroup(t.ctx, alice, { name: 'db' });
      await replacePortGroups(t.ctx.db, port.id, [db.row.id]);
      await assert.rejects(deleteSecurityGroup(t.ctx, alice, db.row.id), {
        type: 'SecurityGroupInUse',
        status: 409,
        message: `Security Group ${db.row.id} in use.`,
      });
      await replacePortGroups(t.ctx.db, port.id, []);
      await deleteSecurityGroup(t.ctx, alice, db.row.id);
      await assert.rejects(showSecurityGroup(t.ctx, alice, db.row.id), { type: 'SecurityGroupNotFound' });
    });

    test('a port gets the default group, or given groups of its own project only', async () => {
      const dave = callerOf('project-d');
      const defaultId = await ensureDefaultSecurityGroup(t.ctx, dave.projectId);
      assert.deepEqual(await resolvePortSecurityGroups(t.ctx, dave.projectId, undefined), [defaultId]);
      const mine = await createSecurityGroup(t.ctx, dave, { name: 'mine' });
      const loose = await createSecurityGroup(t.ctx, dave, { name: 'loose', stateful: false });
      const bobs = await createSecurityGroup(t.ctx, bob, { name: 'not-mine' });
      assert.deepEqual(await resolvePortSecurityGroups(t.ctx, dave.projectId, [mine.row.id, mine.row.id]), [
        mine.row.id,
      ]);
      assert.deepEqual(await resolvePortSecurityGroups(t.ctx, dave.projectId, []), []);
      await assert.rejects(resolvePortSecurityGroups(t.ctx, dave.projectId, [mine.row.id, bobs.row.id]), {
        type: 'SecurityGroupNotFound',
        status: 404,
        message: `Security group ${bobs.row.id} does not exist`,
      });
      await assert.rejects(resolvePortSecurityGroups(t.ctx, dave.projectId, [mine.row.id, loose.row.id]), {
        type: 'SecurityGroupConflict',
        status: 409,
      });
    });

    test('quotas count groups and the rules they come with', async () => {
      const carol = callerOf('project-c');
      await ensureDefaultSecurityGroup(t.ctx, carol.projectId);
      await setLimits(t.ctx, carol.projectId, { security_group: 2 });
      await createSecurityGroup(t.ctx, carol, { name: 'one' });
      await assert.rejects(createSecurityGroup(t.ctx, carol, { name: 'two' }), {
        type: 'OverQuota',
        status: 409,
        message: "Quota exceeded for resources: ['security_group'].",
      });
      await setLimits(t.ctx, carol.projectId, { security_group: 10, security_group_rule: 7 });
      await assert.rejects(createSecurityGroup(t.ctx, carol, { name: 'three' }), {
        message: "Quota exceeded for resources: ['security_group_rule'].",
      });
    });
  });
}
