// A security group as Neutron shows it (securitygroups_db _make_security_group_dict + standard attributes).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { SecurityGroup } from '../../security-groups.js';
import { printedTime } from '../../standard-attributes.js';
import { securityGroupRuleView } from './security-group-rules.js';

/** One security group with its rules; `defaultGroupIds` marks the rules of `default` groups. */
export function securityGroupView(group: SecurityGroup, defaultGroupIds: Set<string>): Record<string, unknown> {
  const { row, rules } = group;
  return {
    id: row.id,
    name: row.name,
    stateful: fromDbBool(row.stateful),
    tenant_id: row.project_id,
    project_id: row.project_id,
    description: row.description,
    // Shared through RBAC (security-groups-shared-filtering); nubo has no RBAC policies, so never.
    shared: false,
    security_group_rules: rules.map((rule) => securityGroupRuleView(rule, defaultGroupIds)),
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
