// The default rules of neutron/conf/policies/port.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN_OR_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const ALL = '/ports';
const ONE = '/ports/{id}';
const OWNER_OR_SERVICE = 'rule:admin_only or rule:net_owner_member or rule:service_api';
const ADMIN_OR_SERVICE = 'rule:admin_only or rule:service_api';

/** Who may manage ports, and the attributes only a network's owner, a service or an admin may set or see. */
export const portPolicies: PolicyRule[] = [
  rule('create_port', `${ADMIN_OR_MEMBER} or rule:service_api`, 'Create a port.', ALL, 'POST'),
  rule('create_port:device_owner', OWNER_OR_SERVICE, 'Set a network:* device_owner.', ALL, 'POST'),
  rule('create_port:mac_address', OWNER_OR_SERVICE, 'Choose the MAC address of a port.', ALL, 'POST'),
  rule('create_port:fixed_ips:ip_address', OWNER_OR_SERVICE, 'Choose the IP address of a port.', ALL, 'POST'),
  rule(
    'create_port:fixed_ips:subnet_id',
    `${OWNER_OR_SERVICE} or rule:shared`,
    'Choose the subnet of a port.',
    ALL,
    'POST',
  ),
  rule('create_port:port_security_enabled', OWNER_OR_SERVICE, 'Set port_security_enabled.', ALL, 'POST'),
  rule('create_port:binding', ADMIN_OR_SERVICE, 'Set binding:host_id and binding:profile.', ALL, 'POST'),
  rule('create_port:allowed_address_pairs', `${OWNER_OR_SERVICE}`, 'Set allowed address pairs.', ALL, 'POST'),
  rule('get_port', `${ADMIN_OR_READER} or rule:net_owner_reader or rule:service_api`, 'Get a port.', ONE, 'GET'),
  rule('get_port:binding', ADMIN_OR_SERVICE, 'See the binding:* attributes of a port.', ONE, 'GET'),
  rule('update_port', `${ADMIN_OR_MEMBER} or rule:service_api`, 'Update a port.', ONE, 'PUT'),
  rule('update_port:device_owner', OWNER_OR_SERVICE, 'Set a network:* device_owner.', ONE, 'PUT'),
  rule('update_port:mac_address', ADMIN_OR_SERVICE, 'Change the MAC address of a port.', ONE, 'PUT'),
  rule('update_port:fixed_ips:ip_address', OWNER_OR_SERVICE, 'Change the IP addresses of a port.', ONE, 'PUT'),
  rule('update_port:port_security_enabled', OWNER_OR_SERVICE, 'Set port_security_enabled.', ONE, 'PUT'),
  rule('update_port:binding', ADMIN_OR_SERVICE, 'Set binding:host_id and binding:profile.', ONE, 'PUT'),
  rule('update_port:allowed_address_pairs', OWNER_OR_SERVICE, 'Set allowed address pairs.', ONE, 'PUT'),
  rule('update_port:status', ADMIN_OR_SERVICE, 'Set the status of a port (a network agent).', ONE, 'PUT'),
  rule(
    'delete_port',
    `${ADMIN_OR_MEMBER} or rule:net_owner_member or rule:service_api`,
    'Delete a port.',
    ONE,
    'DELETE',
  ),
];
