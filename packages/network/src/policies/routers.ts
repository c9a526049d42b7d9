// The default rules of neutron/conf/policies/router.py.
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ADMIN_OR_MEMBER, ADMIN_OR_READER, rule } from './base.js';

const ONE = '/routers/{id}';

/** Who may manage routers, their gateways and interfaces. */
export const routerPolicies: PolicyRule[] = [
  rule('create_router', ADMIN_OR_MEMBER, 'Create a router.', '/routers', 'POST'),
  rule('create_router:external_gateway_info', ADMIN_OR_MEMBER, 'Set a gateway.', '/routers', 'POST'),
  rule('create_router:external_gateway_info:enable_snat', ADMIN, 'Set enable_snat.', '/routers', 'POST'),
  rule('create_router:external_gateway_info:external_fixed_ips', ADMIN, 'Choose gateway IPs.', '/routers', 'POST'),
  rule('get_router', ADMIN_OR_READER, 'Get a router.', ONE, 'GET'),
  rule('update_router', ADMIN_OR_MEMBER, 'Update a router.', ONE, 'PUT'),
  rule('update_router:external_gateway_info', ADMIN_OR_MEMBER, 'Change the gateway.', ONE, 'PUT'),
  rule('update_router:external_gateway_info:enable_snat', ADMIN, 'Change enable_snat.', ONE, 'PUT'),
  rule('update_router:external_gateway_info:external_fixed_ips', ADMIN, 'Change gateway IPs.', ONE, 'PUT'),
  rule('delete_router', ADMIN_OR_MEMBER, 'Delete a router.', ONE, 'DELETE'),
  rule('add_router_interface', ADMIN_OR_MEMBER, 'Add an interface.', `${ONE}/add_router_interface`, 'PUT'),
  rule('remove_router_interface', ADMIN_OR_MEMBER, 'Remove one.', `${ONE}/remove_router_interface`, 'PUT'),
];
