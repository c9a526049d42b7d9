// The default rules of neutron/conf/policies/floatingip.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ADMIN_OR_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const ONE = '/floatingips/{id}';

/** Who may allocate, see, associate and release floating IPs. */
export const floatingIpPolicies: PolicyRule[] = [
  rule('create_floatingip', ADMIN_OR_MEMBER, 'Create a floating IP.', '/floatingips', 'POST'),
  rule('create_floatingip:floating_ip_address', ADMIN, 'Choose the address.', '/floatingips', 'POST'),
  rule('get_floatingip', ADMIN_OR_READER, 'Get a floating IP.', ONE, 'GET'),
  rule('update_floatingip', ADMIN_OR_MEMBER, 'Associate or disassociate a floating IP.', ONE, 'PUT'),
  rule('delete_floatingip', ADMIN_OR_MEMBER, 'Delete a floating IP.', ONE, 'DELETE'),
];
