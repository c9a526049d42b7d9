// Security group rules: Neutron's converters and checks as pure functions, then create/list/delete on a real
// database with the duplicate check, remote groups, quotas and cross-project refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { callerOf, type L3TestContext, l3TestContext } from './l3-test-context.js';
import { setLimits } from './quotas.js';
import { checkRuleSpec, createRule, deleteRule, getRuleRow, listRules, ruleKey } from './security-group-rules.js';
import { createSecurityGroup, showSecurityGroup } from './security-groups.js';

const alice = callerOf('project-a');
const bob = callerOf('project-b');

describe('rule checks', () => {
  test('protocols: names in any case, numbers 0-255, any = none; others refused', () => {
    assert.equal(checkRuleSpec({ direction: 'ingress', protocol: 'TCP' }).protocol, 'tcp');
    assert.equal(checkRuleSpec({ direction: 'ingress', protocol: '6' }).protocol, '6');
    assert.equal(checkRuleSpec({ direction: 'ingress', protocol: 'any' }).protocol, null);
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: 'tcpx' }), {
      type: 'SecurityGroupRuleInvalidProtocol',
      status: 400,
      message: /^Security group rule protocol tcpx not supported\. Only protocol values \(None, 'any', 'ah'/,
    });
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: '256' }), {
      type: 'SecurityGroupRuleInvalidProtocol',
    });
  });

  test('direction and ethertype', () => {
    assert.throws(() => checkRuleSpec({ direction: 'sideways' }), {
      status: 400,
      message: "Invalid input for direction. Reason: 'sideways' is not in ['ingress', 'egress']",
    });
    assert.equal(checkRuleSpec({ direction: 'egress', ethertype: 'ipv6' }).ethertype, 'IPv6');
    assert.throws(() => checkRuleSpec({ direction: 'egress', ethertype: 'IPv5' }), {
      type: 'SecurityGroupRuleInvalidEtherType',
    });
  });

  test('port ranges: protocol required, min <= max, 0 refused, ICMP type/code, whole range is none', () => {
    const tcp = { direction: 'ingress', protocol: 'tcp' };
    assert.throws(() => checkRuleSpec({ direction: 'ingress', port_range_min: 22, port_range_max: 22 }), {
      type: 'SecurityGroupProtocolRequiredWithPorts',
      message: 'Must also specify protocol if port range is given.',
    });
    assert.throws(() => checkRuleSpec({ ...tcp, port_range_min: 90, port_range_max: 80 }), {
      type: 'SecurityGroupInvalidPortRange',
      message: 'For TCP/UDP protocols, port_range_min must be <= port_range_max',
    });
    assert.throws(() => checkRuleSpec({ ...tcp, port_range_min: 0, port_range_max: 80 }), {
      type: 'SecurityGroupInvalidPortValue',
      message: 'Invalid value for port 0',
    });
    assert.throws(() => checkRuleSpec({ ...tcp, port_range_min: 70000, port_range_max: 70000 }), {
      type: 'SecurityGroupInvalidPortValue',
      message: 'Invalid value for port 70000',
    });
    assert.throws(() => checkRuleSpec({ ...tcp, port_range_min: 22 }), { type: 'SecurityGroupInvalidPortRange' });
    const whole = checkRuleSpec({ ...tcp, port_range_min: 1, port_range_max: 65535 });
    assert.deepEqual([whole.port_range_min, whole.port_range_max], [null, null]);
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: 'icmp', port_range_min: 300 }), {
      type: 'SecurityGroupInvalidIcmpValue',
      message: 'Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.',
    });
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: 'icmp', port_range_max: 0 }), {
      type: 'SecurityGroupMissingIcmpType',
    });
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: 'gre', port_range_min: 1 }), {
      type: 'SecurityGroupInvalidProtocolForPort',
      message: 'Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.',
    });
  });

  test('remote prefix: canonical with mask, must match the ethertype, exclusive with a remote group', () => {
    assert.equal(
      checkRuleSpec({ direction: 'ingress', remote_ip_prefix: '192.0.2.7' }).remote_ip_prefix,
      '192.0.2.7/32',
    );
    assert.equal(
      checkRuleSpec({ direction: 'ingress', ethertype: 'IPv6', remote_ip_prefix: '2001:DB8::/32' }).remote_ip_prefix,
      '2001:db8::/32',
    );
    assert.throws(() => checkRuleSpec({ direction: 'ingress', remote_ip_prefix: '2001:db8::/32' }), {
      type: 'SecurityGroupRuleParameterConflict',
      message: 'Conflicting value ethertype IPv4 for CIDR 2001:db8::/32',
    });
    assert.throws(() => checkRuleSpec({ direction: 'ingress', remote_ip_prefix: '10.0.0.0/33' }), {
      type: 'InvalidCIDR',
      message: 'Invalid CIDR 10.0.0.0/33 given as IP prefix.',
    });
    assert.throws(() => checkRuleSpec({ direction: 'ingress', remote_ip_prefix: '10.0.0.0/8', remote_group_id: 'x' }), {
      type: 'SecurityGroupMultipleRemoteEntites',
    });
  });

  test('IPv6 ICMP: legacy names become ipv6-icmp; IPv6-only protocols refuse IPv4', () => {
    assert.equal(checkRuleSpec({ direction: 'ingress', ethertype: 'IPv6', protocol: 'icmp' }).protocol, 'ipv6-icmp');
    assert.equal(checkRuleSpec({ direction: 'ingress', ethertype: 'IPv6', protocol: '1' }).protocol, '58');
    assert.throws(() => checkRuleSpec({ direction: 'ingress', protocol: 'ipv6-icmp' }), {
      type: 'SecurityGroupEthertypeConflictWithProtocol',
      message: 'Invalid ethertype IPv4 for protocol ipv6-icmp.',
    });
  });

  test('the duplicate key compares protocols by number and any-address prefixes as none', () => {
    const base = { security_group_id: 'g', ...checkRuleSpec({ direction: 'ingress', protocol: 'tcp' }) };
    assert.equal(ruleKey(base), ruleKey({ ...base, protocol: '6' }));
    assert.equal(ruleKey(base), ruleKey({ ...base, remote_ip_prefix: '0.0.0.0/0' }));
    assert.notEqual(ruleKey(base), ruleKey({ ...base, protocol: 'udp' }));
  });
});

for (const backend of testBackends()) {
  describe(`security group rules (${backend.name})`, () => {
    let t: L3TestContext;
    before(async () => {
      t = await l3TestContext(backend);
    });
    after(async () => t.drop());

    test('create, duplicate (409), show, list, delete', async () => {
      const web = await createSecurityGroup(t.ctx, alice, { name: 'web' });
      const ssh = await createRule(t.ctx, alice, {
        security_group_id: web.row.id,
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '0.0.0.0/0',
      });
      assert.equal(ssh.project_id, alice.projectId);
      assert.equal(ssh.ethertype, 'IPv4');
      assert.equal(ssh.remote_ip_prefix, '0.0.0.0/0');
      await assert.rejects(
        createRule(t.ctx, alice, {
          security_group_id: web.row.id,
          direction: 'ingress',
          protocol: '6',
          port_range_min: 22,
          port_range_max: 22,
        }),
        {
          type: 'SecurityGroupRuleExists',
          status: 409,
          message: `Security group rule already exists. Rule id is ${ssh.id}.`,
        },
      );
      const group = await showSecurityGroup(t.ctx, alice, web.row.id);
      assert.equal(group.rules.length, 3);
      assert.equal(group.row.revision_number, 2, 'a new rule bumps its group');
      assert.ok((await listRules(t.ctx, alice)).some((r) => r.id === ssh.id));
      await deleteRule(t.ctx, alice, ssh.id);
      await assert.rejects(getRuleRow(t.ctx, alice, ssh.id), {
        type: 'SecurityGroupRuleNotFound',
        status: 404,
        message: `Security group rule ${ssh.id} does not exist`,
      });
    });

    test('remote groups must exist and be visible; another project cannot touch the rules', async () => {
      const web = await createSecurityGroup(t.ctx, alice, { name: 'web2' });
      const bobs = await createSecurityGroup(t.ctx, bob, { name: 'bobs' });
      await assert.rejects(
        createRule(t.ctx, alice, { security_group_id: web.row.id, direction: 'ingress', remote_group_id: bobs.row.id }),
        { type: 'SecurityGroupNotFound', status: 404 },
      );
      const fromSelf = await createRule(t.ctx, alice, {
        security_group_id: web.row.id,
        direction: 'ingress',
        protocol: 'icmp',
        remote_group_id: web.row.id,
      });
      assert.equal(fromSelf.remote_group_id, web.row.id);
      await assert.rejects(
        createRule(t.ctx, bob, { security_group_id: web.row.id, direction: 'ingress', protocol: 'udp' }),
        { type: 'SecurityGroupNotFound', status: 404 },
      );
      await assert.rejects(deleteRule(t.ctx, bob, fromSelf.id), { type: 'SecurityGroupRuleNotFound' });
      assert.ok(!(await listRules(t.ctx, bob)).some((r) => r.id === fromSelf.id));
    });

    test('the rule quota', async () => {
      const carol = callerOf('project-c');
      const g = await createSecurityGroup(t.ctx, carol, { name: 'g' });
      await setLimits(t.ctx, carol.projectId, { security_group_rule: 6 });
      await assert.rejects(
        createRule(t.ctx, carol, { security_group_id: g.row.id, direction: 'ingress', protocol: 'tcp' }),
        { type: 'OverQuota', status: 409, message: "Quota exceeded for resources: ['security_group_rule']." },
      );
    });
  });
}
