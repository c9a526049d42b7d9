// The default rules of neutron/conf/policies/network.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ADMIN_OR_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const ONE = '/networks/{id}';

/** Who may create, see, change and delete networks, and their admin-only attributes. */
export const networkPolicies: PolicyRule[] = [
  rule('create_network', ADMIN_OR_MEMBER, 'Create a network.', '/networks', 'POST'),
  rule('create_network:shared', ADMIN, 'Create a shared network.', '/networks', 'POST'),
  rule('create_network:router:external', ADMIN, 'Create an external network.', '/networks', 'POST'),
  rule('create_network:port_security_enabled', ADMIN_OR_MEMBER, 'Set port_security_enabled.', '/networks', 'POST'),
  rule(
    'get_network',
    `${ADMIN_OR_READER} or rule:shared or rule:external or rule:service_api`,
    'Get a network.',
    ONE,
    'GET',
  ),
  rule('get_network:provider', ADMIN, 'See the provider attributes of a network.', ONE, 'GET'),
  rule('update_network', ADMIN_OR_MEMBER, 'Update a network.', ONE, 'PUT'),
  rule('update_network:shared', ADMIN, 'Update the shared attribute of a network.', ONE, 'PUT'),
  rule('update_network:router:external', ADMIN, 'Update the router:external attribute of a network.', ONE, 'PUT'),
  rule('delete_network', ADMIN_OR_MEMBER, 'Delete a network.', ONE, 'DELETE'),
];
