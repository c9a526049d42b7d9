// The default rules of neutron/conf/policies/subnet.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN_OR_NET_OWNER_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const ONE = '/subnets/{id}';

/** Who may manage subnets: the network's owner (or an admin); readers of shared networks see them. */
export const subnetPolicies: PolicyRule[] = [
  rule('create_subnet', ADMIN_OR_NET_OWNER_MEMBER, 'Create a subnet.', '/subnets', 'POST'),
  rule('get_subnet', `${ADMIN_OR_READER} or rule:shared or rule:service_api`, 'Get a subnet.', ONE, 'GET'),
  rule('update_subnet', ADMIN_OR_NET_OWNER_MEMBER, 'Update a subnet.', ONE, 'PUT'),
  rule('delete_subnet', ADMIN_OR_NET_OWNER_MEMBER, 'Delete a subnet.', ONE, 'DELETE'),
];
