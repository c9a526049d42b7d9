// Neutron's base rules (neutron/conf/policies/base.py) with its new defaults, which Neutron enforces since 2023.2.
import type { PolicyRule } from '@nubo/core';

/** Builds a documented rule in one line. */
export function rule(name: string, checkStr: string, description: string, path = '', method = ''): PolicyRule {
  return { name, checkStr, description, operations: path ? [{ path, method }] : [] };
}

export const ADMIN = 'rule:admin_only';
export const ADMIN_OR_MEMBER = 'rule:admin_or_project_member';
export const ADMIN_OR_READER = 'rule:admin_or_project_reader';
export const ADMIN_OR_NET_OWNER_MEMBER = 'rule:admin_only or rule:net_owner_member';
export const SERVICE = 'rule:service_api';

/*
 * Targets carry the resource's `project_id`, and for resources that live on a network the network's owner and
 * flags as `network:project_id`, `network:shared` and `network:router:external` (Neutron's parent attributes).
 */
export const basePolicies: PolicyRule[] = [
  rule('context_is_admin', 'role:admin', 'Rule for cloud admin access.'),
  rule('admin_only', 'rule:context_is_admin', 'Rule for cloud admin access.'),
  rule('service_api', 'role:service', 'Default rule for the service-to-service APIs.'),
  rule('project_member', 'role:member and project_id:%(project_id)s', 'Project member of the owning project.'),
  rule('project_reader', 'role:reader and project_id:%(project_id)s', 'Project reader of the owning project.'),
  rule('admin_or_project_member', 'rule:admin_only or rule:project_member', 'Admin or project member.'),
  rule('admin_or_project_reader', 'rule:admin_only or rule:project_reader', 'Admin or project reader.'),
  rule('network_owner', 'project_id:%(network:project_id)s', 'The caller owns the network of the resource.'),
  rule('net_owner_member', 'role:member and rule:network_owner', 'Member of the project owning the network.'),
  rule('net_owner_reader', 'role:reader and rule:network_owner', 'Reader of the project owning the network.'),
  rule('shared', 'True:%(network:shared)s', 'The network of the resource is shared.'),
  rule('external', 'True:%(network:router:external)s', 'The network of the resource is external.'),
];
