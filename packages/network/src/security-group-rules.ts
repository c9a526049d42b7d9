// Security group rules: Neutron's converters and checks (neutron/extensions/securitygroup.py and
// securitygroups_db.py _validate_base_security_group_rule_attributes), the duplicate check, create, read, delete.
import { authorize, can } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { deleteRuleRow, insertRules, selectRule, selectRules, selectRulesOfGroups } from './db/security-group-rules.js';
import { selectSecurityGroup } from './db/security-groups.js';
import type { SecurityGroupRow, SecurityGroupRuleRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { invalidAttribute, NeutronBadRequest, NeutronConflict, NeutronNotFound } from './errors.js';
import { formatAddress, parseAddress, parseCidr } from './ipam.js';
import { checkQuota } from './quotas.js';
import {
  bumpGroupRevision,
  ensureListedDefaultGroup,
  getSecurityGroupRow,
  securityGroupPolicyTarget,
} from './security-groups.js';
import { standardColumns } from './standard-attributes.js';

/** neutron-lib IP_PROTOCOL_MAP: the protocol names a rule may use, with their numbers. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ip: 0,
  ipip: 4,
  'ipv6-encap': 41,
  'ipv6-frag': 44,
  'ipv6-icmp': 58,
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  'ipv6-route': 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};

/** Protocols whose rules may carry a port range (SG_PORT_PROTO_NAMES / _NUMS). */
const PORT_PROTOCOLS = ['dccp', 'sctp', 'tcp', 'udp', 'udplite'];
/** Protocols that exist only over IPv6 (_validate_ethertype_and_protocol). */
const IPV6_ONLY = ['ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route'];
const IPV6_ONLY_NUMBERS = ['41', '44', '58', '59', '60', '43'];

/** neutron-lib SecurityGroupRuleNotFound (404). */
export function ruleNotFound(id: string): NeutronNotFound {
  return new NeutronNotFound('SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
}

/** convert_protocol: a known name (any case) or 0–255; `any` and null mean every protocol. */
export function convertProtocol(value: unknown): string | null {
  if (value === null || value === undefined || value === 'any') return null;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text !== undefined && /^\d+$/.test(text.trim()) && Number(text) <= 255) return text.trim();
  if (text !== undefined && Object.hasOwn(PROTOCOL_NUMBERS, text.toLowerCase())) return text.toLowerCase();
  const values = `(None, 'any', ${Object.keys(PROTOCOL_NUMBERS)
    .map((p) => `'${p}'`)
    .join(', ')})`;
  throw new NeutronBadRequest(
    'SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${String(value)} not supported. Only protocol values ${values} and integer representations [0 to 255] are supported.`,
  );
}

/** convert_validate_port_value: an integer 0–65535 (or its decimal text). */
export function convertPort(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (/^\d+$/.test(text) && Number(text) <= 65535) return Number(text);
  throw new NeutronBadRequest('SecurityGroupInvalidPortValue', `Invalid value for port ${String(value)}`);
}

/** convert_ethertype_to_case_insensitive. */
export function convertEthertype(value: unknown): 'IPv4' | 'IPv6' {
  if (value === undefined) return 'IPv4';
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    if (typeof value === 'string' && value.toLowerCase() === ethertype.toLowerCase()) return ethertype;
  }
  throw new NeutronBadRequest(
    'SecurityGroupRuleInvalidEtherType',
    `Security group rule for ethertype '${String(value)}' not supported. Allowed values are ['IPv4', 'IPv6'].`,
  );
}

/** convert_ip_prefix_to_cidr: netaddr's IPNetwork text, an address alone gaining its full mask; host bits stay. */
export function convertRemoteIpPrefix(value: unknown): { prefix: string; version: 4 | 6 } | null {
  if (value === null || value === undefined || value === '') return null;
  const invalid = new NeutronBadRequest('InvalidCIDR', `Invalid CIDR ${String(value)} given as IP prefix.`);
  if (typeof value !== 'string') throw invalid;
  const [addressText = '', prefixText] = value.split('/');
  const address = parseAddress(addressText);
  if (!address) throw invalid;
  const width = address.version === 4 ? 32 : 128;
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width)) throw invalid;
  return {
    prefix: `${formatAddress(address.version, address.value)}/${prefixText ?? width}`,
    version: address.version,
  };
}

/** The network a remote_ip_prefix covers (`normalized_cidr`). */
export function normalizedCidr(prefix: string | null): string | null {
  return prefix === null ? null : parseCidr(prefix, 'remote_ip_prefix', false).text;
}

function protocolNumber(protocol: string): number {
  return /^\d+$/.test(protocol) ? Number(protocol) : PROTOCOL_NUMBERS[protocol]!;
}

/** The rule as Neutron checks it, before it is stored (converted values, canonical forms). */
export interface RuleSpec {
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

/** Converts and checks a rule body's values (no database): every 400 Neutron raises before it looks anything up. */
export function checkRuleSpec(attrs: Record<string, unknown>): RuleSpec {
  if (attrs.direction !== 'ingress' && attrs.direction !== 'egress') {
    throw invalidAttribute('direction', `'${String(attrs.direction)}' is not in ['ingress', 'egress']`);
  }
  const ethertype = convertEthertype(attrs.ethertype);
  let protocol = convertProtocol(attrs.protocol);
  let min = convertPort(attrs.port_range_min);
  let max = convertPort(attrs.port_range_max);
  const prefix = convertRemoteIpPrefix(attrs.remote_ip_prefix);
  const remoteGroup = typeof attrs.remote_group_id === 'string' ? attrs.remote_group_id : null;
  // _make_canonical_ipv6_icmp_protocol: legacy IPv6 ICMP names become ipv6-icmp (58).
  if (ethertype === 'IPv6' && (protocol === 'icmp' || protocol === 'icmpv6')) protocol = 'ipv6-icmp';
  if (ethertype === 'IPv6' && protocol === '1') protocol = '58';
  // _make_canonical_port_range: the whole range is no range.
  if (min === 1 && max === 65535) min = max = null;
  if (min !== null || max !== null) {
    if (protocol === null) {
      throw new NeutronBadRequest(
        'SecurityGroupProtocolRequiredWithPorts',
        'Must also specify protocol if port range is given.',
      );
    }
    const number = protocolNumber(protocol);
    if (PORT_PROTOCOLS.some((p) => PROTOCOL_NUMBERS[p] === number)) {
      if (min === 0 || max === 0) {
        throw new NeutronBadRequest('SecurityGroupInvalidPortValue', 'Invalid value for port 0');
      }
      if (min === null || max === null || min > max) {
        throw new NeutronBadRequest(
          'SecurityGroupInvalidPortRange',
          'For TCP/UDP protocols, port_range_min must be <= port_range_max',
        );
      }
    } else if (number === 1 || number === 58) {
      for (const [value, attr, field] of [
        [min, 'port_range_min', 'type'],
        [max, 'port_range_max', 'code'],
      ] as const) {
        if (value !== null && value > 255) {
          throw new NeutronBadRequest(
            'SecurityGroupInvalidIcmpValue',
            `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`,
          );
        }
      }
      if (min === null && max !== null) {
        throw new NeutronBadRequest(
          'SecurityGroupMissingIcmpType',
          `ICMP code (port-range-max) ${max} is provided but ICMP type (port-range-min) is missing.`,
        );
      }
    } else {
      throw new NeutronBadRequest(
        'SecurityGroupInvalidProtocolForPort',
        `Ports cannot be specified for protocol ${number}. Ports are only supported for ${PORT_PROTOCOLS.map((p) => p.toUpperCase()).join(', ')}.`,
      );
    }
  }
  if (prefix && `IPv${prefix.version}` !== ethertype) {
    throw new NeutronBadRequest(
      'SecurityGroupRuleParameterConflict',
      `Conflicting value ethertype ${ethertype} for CIDR ${String(attrs.remote_ip_prefix)}`,
    );
  }
  if (
    ethertype === 'IPv4' &&
    protocol !== null &&
    (IPV6_ONLY.includes(protocol) || IPV6_ONLY_NUMBERS.includes(protocol))
  ) {
    throw new NeutronBadRequest(
      'SecurityGroupEthertypeConflictWithProtocol',
      `Invalid ethertype ${ethertype} for protocol ${protocol}.`,
    );
  }
  if (prefix && remoteGroup) {
    throw new NeutronBadRequest(
      'SecurityGroupMultipleRemoteEntites',
      'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
    );
  }
  return {
    direction: attrs.direction,
    ethertype,
    protocol,
    port_range_min: min,
    port_range_max: max,
    remote_ip_prefix: prefix?.prefix ?? null,
    remote_group_id: remoteGroup,
  };
}

/** _rule_to_key: what makes two rules the same (protocol by number, any-address prefixes as none). */
export function ruleKey(
  rule: Omit<RuleSpec, 'direction' | 'ethertype'> & { direction: string; ethertype: string; security_group_id: string },
): string {
  const anyAddress = ['0.0.0.0/0', '::/0'];
  const prefix = rule.remote_ip_prefix && !anyAddress.includes(rule.remote_ip_prefix) ? rule.remote_ip_prefix : '+';
  const protocol = rule.protocol === null ? '+' : String(protocolNumber(rule.protocol));
  return [
    rule.direction,
    rule.ethertype,
    rule.port_range_max ?? '+',
    rule.port_range_min ?? '+',
    protocol,
    rule.remote_group_id ?? '+',
    prefix,
    rule.security_group_id,
  ].join('_');
}

/** A rule the caller may see (its own, or one in a group it may see); SecurityGroupRuleNotFound otherwise. */
export async function getRuleRow(ctx: NetworkContext, caller: Caller, id: string): Promise<SecurityGroupRuleRow> {
  const rule = await selectRule(ctx.db, id);
  if (!rule || !can(ctx, caller, 'get_security_group_rule', securityGroupPolicyTarget(rule))) throw ruleNotFound(id);
  return rule;
}

/** Rules of the caller's project (every rule for an admin); listing makes the project's default group first. */
export async function listRules(
  ctx: NetworkContext,
  caller: Caller,
  forProject?: string,
): Promise<SecurityGroupRuleRow[]> {
  await ensureListedDefaultGroup(ctx, caller, forProject);
  const rows = await selectRules(ctx.db, caller.isAdmin ? 'all' : caller.projectId);
  return rows.filter((rule) => can(ctx, caller, 'get_security_group_rule', securityGroupPolicyTarget(rule)));
}

/** Creates one rule: 409 SecurityGroupRuleExists when the group already has the same rule. */
export async function createRule(
  ctx: NetworkContext,
  caller: Caller,
  attrs: Record<string, unknown>,
): Promise<SecurityGroupRuleRow> {
  const spec = checkRuleSpec(attrs);
  const groupId = String(attrs.security_group_id);
  const group = await getSecurityGroupRow(ctx, caller, groupId);
  const projectId = String(attrs.project_id ?? group.project_id);
  authorize(ctx, caller, 'create_security_group_rule', { project_id: projectId, tenant_id: projectId });
  if (spec.remote_group_id) await getSecurityGroupRow(ctx, caller, spec.remote_group_id);
  const { id, description, revision_number, created_at, updated_at } = standardColumns(projectId, attrs);
  const row: SecurityGroupRuleRow = {
    id,
    project_id: projectId,
    description,
    revision_number,
    created_at,
    updated_at,
    security_group_id: groupId,
    ...spec,
  };
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const key = ruleKey(row);
    for (const existing of await selectRulesOfGroups(trx, [groupId])) {
      if (ruleKey(existing) === key) {
        throw new NeutronConflict(
          'SecurityGroupRuleExists',
          `Security group rule already exists. Rule id is ${existing.id}.`,
        );
      }
    }
    await checkQuota(ctx, trx, projectId, 'security_group_rule');
    await insertRules(trx, [row]);
    const current = await selectSecurityGroup(trx, groupId);
    if (current) await bumpGroupRevision(trx, current);
  });
  return row;
}

export async function deleteRule(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const rule = await getRuleRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_security_group_rule', securityGroupPolicyTarget(rule));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await deleteRuleRow(trx, id);
    const group: SecurityGroupRow | undefined = await selectSecurityGroup(trx, rule.security_group_id);
    if (group) await bumpGroupRevision(trx, group);
  });
}
