// The default rules of neutron/conf/policies/security_group.py (groups and their rules).
import type { PolicyRule } from '@nubo/core';
import { ADMIN_OR_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const GROUP = '/security-groups/{id}';
const RULE = '/security-group-rules/{id}';

/** Who may manage security groups (the group's project) and their rules. */
export const securityGroupPolicies: PolicyRule[] = [
  rule('create_security_group', ADMIN_OR_MEMBER, 'Create a security group.', '/security-groups', 'POST'),
  rule('get_security_group', ADMIN_OR_READER, 'Get a security group.', GROUP, 'GET'),
  rule('update_security_group', ADMIN_OR_MEMBER, 'Update a security group.', GROUP, 'PUT'),
  rule('delete_security_group', ADMIN_OR_MEMBER, 'Delete a security group.', GROUP, 'DELETE'),
  rule('create_security_group_rule', ADMIN_OR_MEMBER, 'Create a rule.', '/security-group-rules', 'POST'),
  rule('get_security_group_rule', ADMIN_OR_READER, 'Get a security group rule.', RULE, 'GET'),
  rule('delete_security_group_rule', ADMIN_OR_MEMBER, 'Delete a security group rule.', RULE, 'DELETE'),
];
