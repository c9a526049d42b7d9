// A security group rule as Neutron shows it (securitygroups_db _make_security_group_rule_dict).
import type { SecurityGroupRuleRow } from '../../db/tables.js';
import { normalizedCidr } from '../../security-group-rules.js';
import { printedTime } from '../../standard-attributes.js';

/** One rule; `defaultGroupIds` answers belongs_to_default_sg. */
export function securityGroupRuleView(
  rule: SecurityGroupRuleRow,
  defaultGroupIds: Set<string>,
): Record<string, unknown> {
  return {
    id: rule.id,
    project_id: rule.project_id,
    tenant_id: rule.project_id,
    security_group_id: rule.security_group_id,
    ethertype: rule.ethertype,
    direction: rule.direction,
    protocol: rule.protocol,
    port_range_min: rule.port_range_min,
    port_range_max: rule.port_range_max,
    remote_ip_prefix: rule.remote_ip_prefix,
    remote_address_group_id: null,
    normalized_cidr: normalizedCidr(rule.remote_ip_prefix),
    remote_group_id: rule.remote_group_id,
    belongs_to_default_sg: defaultGroupIds.has(rule.security_group_id),
    description: rule.description,
    created_at: printedTime(rule.created_at),
    updated_at: printedTime(rule.updated_at),
    revision_number: rule.revision_number,
  };
}
