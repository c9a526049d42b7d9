// Security groups: create (with Neutron's default egress rules), read, update, delete, and each project's `default`
// group, made on first use (neutron/db/securitygroups_db.py _ensure_default_security_group).
import { fromDbBool, toDbBool } from '@nubo/core';
import { authorize, can, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { groupInUse } from './db/ports.js';
import {
  deleteRuleRow,
  insertRules,
  selectRulesOfGroups,
  selectRulesWithRemoteGroup,
} from './db/security-group-rules.js';
import {
  claimDefaultGroup,
  deleteDefaultGroup,
  deleteSecurityGroupRow,
  insertSecurityGroup,
  selectDefaultGroupId,
  selectSecurityGroup,
  selectSecurityGroups,
  updateSecurityGroupRow,
} from './db/security-groups.js';
import type { NetworkQueryable, SecurityGroupRow, SecurityGroupRuleRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { NeutronConflict, NeutronNotFound } from './errors.js';
import { checkQuota } from './quotas.js';
import { bumped, now, standardColumns } from './standard-attributes.js';

/** A security group with its rules, as views need it. */
export interface SecurityGroup {
  row: SecurityGroupRow;
  rules: SecurityGroupRuleRow[];
}

/** neutron-lib SecurityGroupNotFound (404). */
export function securityGroupNotFound(id: string): NeutronNotFound {
  return new NeutronNotFound('SecurityGroupNotFound', `Security group ${id} does not exist`);
}

/** The policy target of a security group. */
export function securityGroupPolicyTarget(row: { project_id: string }): Target {
  return { project_id: row.project_id, tenant_id: row.project_id };
}

/** A rule row for `group`; the remote group may be the group itself (`'self'`). */
function ruleRow(
  group: SecurityGroupRow,
  direction: 'ingress' | 'egress',
  ethertype: 'IPv4' | 'IPv6',
  remoteGroup?: 'self',
): SecurityGroupRuleRow {
  const { id, project_id, description, revision_number, created_at, updated_at } = standardColumns(
    group.project_id,
    {},
  );
  return {
    id,
    project_id,
    description,
    revision_number,
    created_at,
    updated_at,
    security_group_id: group.id,
    direction,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: remoteGroup === 'self' ? group.id : null,
  };
}

/**
 * Neutron's default rule templates (security_group_default_rules): every group may send anything; the `default`
 * group also lets in anything from its own members.
 */
function templateRules(group: SecurityGroupRow, isDefault: boolean): SecurityGroupRuleRow[] {
  const rules = [ruleRow(group, 'egress', 'IPv4'), ruleRow(group, 'egress', 'IPv6')];
  if (isDefault) rules.push(ruleRow(group, 'ingress', 'IPv4', 'self'), ruleRow(group, 'ingress', 'IPv6', 'self'));
  return rules;
}

async function makeDefaultGroup(ctx: NetworkContext, trx: NetworkQueryable, projectId: string): Promise<string> {
  const existing = await selectDefaultGroupId(trx, projectId);
  if (existing) return existing;
  const row: SecurityGroupRow = {
    ...standardColumns(projectId, { name: 'default', description: 'Default security group' }),
    stateful: 1,
  };
  // The claim comes first: a racing request waits on it, then finds the winner's group.
  if (!(await claimDefaultGroup(trx, ctx.dialect, projectId, row.id))) {
    return (await selectDefaultGroupId(trx, projectId))!;
  }
  await insertSecurityGroup(trx, row);
  await insertRules(trx, templateRules(row, true));
  return row.id;
}

/**
 * The id of a project's `default` group, made (with its four rules) when the project has none yet. Neutron makes
 * it on a project's first port, security group list or security group create; the quota is not checked for it.
 * Give `trx` when already inside a write transaction (SQLite has a single writer).
 */
export async function ensureDefaultSecurityGroup(
  ctx: NetworkContext,
  projectId: string,
  trx?: NetworkQueryable,
): Promise<string> {
  if (trx) return makeDefaultGroup(ctx, trx, projectId);
  const existing = await selectDefaultGroupId(ctx.db, projectId);
  if (existing) return existing;
  return inTransaction(ctx.db, ctx.dialect, (t) => makeDefaultGroup(ctx, t, projectId));
}

/** A security group the caller may see; SecurityGroupNotFound otherwise. */
export async function getSecurityGroupRow(ctx: NetworkContext, caller: Caller, id: string): Promise<SecurityGroupRow> {
  const row = await selectSecurityGroup(ctx.db, id);
  if (!row || !can(ctx, caller, 'get_security_group', securityGroupPolicyTarget(row))) {
    throw securityGroupNotFound(id);
  }
  return row;
}

async function withRules(ctx: NetworkContext, rows: SecurityGroupRow[]): Promise<SecurityGroup[]> {
  const rules = await selectRulesOfGroups(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, rules: rules.filter((r) => r.security_group_id === row.id) }));
}

export async function showSecurityGroup(ctx: NetworkContext, caller: Caller, id: string): Promise<SecurityGroup> {
  const [group] = await withRules(ctx, [await getSecurityGroupRow(ctx, caller, id)]);
  return group!;
}

/**
 * Makes the default group of the project a list is about, as Neutron's get_security_groups does: the project the
 * query filters on (`project_id`), else the caller's. Only an admin makes one for another project.
 */
export async function ensureListedDefaultGroup(
  ctx: NetworkContext,
  caller: Caller,
  forProject?: string,
): Promise<void> {
  const projectId = forProject || caller.projectId;
  if (!projectId || (projectId !== caller.projectId && !caller.isAdmin)) return;
  await ensureDefaultSecurityGroup(ctx, projectId);
}

/** The groups the caller may see; listing makes the default group first (see ensureListedDefaultGroup). */
export async function listSecurityGroups(
  ctx: NetworkContext,
  caller: Caller,
  forProject?: string,
): Promise<SecurityGroup[]> {
  await ensureListedDefaultGroup(ctx, caller, forProject);
  const rows = await selectSecurityGroups(ctx.db, caller.isAdmin ? 'all' : caller.projectId);
  return withRules(
    ctx,
    rows.filter((row) => can(ctx, caller, 'get_security_group', securityGroupPolicyTarget(row))),
  );
}

/** neutron-lib's name_not_default validator: no second group may be called `default`, in any case. */
function refuseDefaultName(name: unknown): void {
  if (typeof name === 'string' && name.toLowerCase() === 'default') {
    throw new NeutronConflict('SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');
  }
}

export async function createSecurityGroup(
  ctx: NetworkContext,
  caller: Caller,
  attrs: Record<string, unknown>,
): Promise<SecurityGroup> {
  const projectId = String(attrs.project_id ?? caller.projectId);
  authorize(ctx, caller, 'create_security_group', { project_id: projectId, tenant_id: projectId });
  await ensureDefaultSecurityGroup(ctx, projectId);
  refuseDefaultName(attrs.name);
  const row: SecurityGroupRow = { ...standardColumns(projectId, attrs), stateful: toDbBool(attrs.stateful !== false) };
  const rules = templateRules(row, false);
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await checkQuota(ctx, trx, projectId, 'security_group');
    await checkQuota(ctx, trx, projectId, 'security_group_rule', rules.length);
    await insertSecurityGroup(trx, row);
    await insertRules(trx, rules);
  });
  return { row, rules };
}

export async function updateSecurityGroup(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: Record<string, unknown>,
): Promise<SecurityGroup> {
  const row = await getSecurityGroupRow(ctx, caller, id);
  authorize(ctx, caller, 'update_security_group', securityGroupPolicyTarget(row));
  if (row.name === 'default' && attrs.name !== undefined && attrs.name !== row.name) {
    throw new NeutronConflict('SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
  }
  if (attrs.name !== row.name) refuseDefaultName(attrs.name);
  const changes: Partial<SecurityGroupRow> = { ...bumped(row) };
  if (typeof attrs.name === 'string') changes.name = attrs.name;
  if (typeof attrs.description === 'string') changes.description = attrs.description;
  if (typeof attrs.stateful === 'boolean' && attrs.stateful !== fromDbBool(row.stateful)) {
    // Ports apply what they were given: a group in use keeps its statefulness (Neutron update_security_group).
    if (await groupInUse(ctx.db, id)) {
      throw new NeutronConflict('SecurityGroupInUse', `Security Group ${id} in use.`);
    }
    changes.stateful = toDbBool(attrs.stateful);
  }
  await updateSecurityGroupRow(ctx.db, id, changes);
  return showSecurityGroup(ctx, caller, id);
}

/**
 * Deletes a group no port is in (SecurityGroupInUse, 409). Only an admin may delete a `default` group
 * (SecurityGroupCannotRemoveDefault). Rules of other groups that name it as their remote go with it.
 */
export async function deleteSecurityGroup(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const row = await getSecurityGroupRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_security_group', securityGroupPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    if (await groupInUse(trx, id)) throw new NeutronConflict('SecurityGroupInUse', `Security Group ${id} in use.`);
    const isDefault = (await selectDefaultGroupId(trx, row.project_id)) === id;
    if (isDefault && !caller.isAdmin) {
      throw new NeutronConflict(
        'SecurityGroupCannotRemoveDefault',
        'Insufficient rights for removing default security group.',
      );
    }
    for (const rule of await selectRulesWithRemoteGroup(trx, id)) await deleteRuleRow(trx, rule.id);
    if (isDefault) await deleteDefaultGroup(trx, row.project_id);
    await deleteSecurityGroupRow(trx, id);
  });
}

/** The time a group's rules last changed: a rule create or delete bumps its group's revision (Neutron does). */
export async function bumpGroupRevision(trx: NetworkQueryable, group: SecurityGroupRow): Promise<void> {
  await updateSecurityGroupRow(trx, group.id, { revision_number: group.revision_number + 1, updated_at: now() });
}

/**
 * The security groups a port of `projectId` is put in (neutron _get_security_groups_on_port and
 * _ensure_default_security_group_on_port): the project's default group when none are given, else the given ones,
 * which must all be the project's (SecurityGroupNotFound, 404, naming the missing ones) and not mix stateful with
 * stateless (SecurityGroupConflict, 409). Pass `trx` when called inside the port's write transaction.
 */
export async function resolvePortSecurityGroups(
  ctx: NetworkContext,
  projectId: string,
  groupIds: string[] | undefined,
  trx?: NetworkQueryable,
): Promise<string[]> {
  if (groupIds === undefined) return [await ensureDefaultSecurityGroup(ctx, projectId, trx)];
  const db = trx ?? ctx.db;
  const unique = [...new Set(groupIds)];
  const groups: SecurityGroupRow[] = [];
  const missing: string[] = [];
  for (const id of unique) {
    const row = await selectSecurityGroup(db, id);
    if (row && row.project_id === projectId) groups.push(row);
    else missing.push(id);
  }
  if (missing.length > 0) throw securityGroupNotFound(missing.join(', '));
  if (groups.some((g) => g.stateful === 1) && groups.some((g) => g.stateful === 0)) {
    throw new NeutronConflict(
      'SecurityGroupConflict',
      'Error Cannot apply both stateful and stateless security groups on the same port at the same time while attempting the operation.',
    );
  }
  return unique;
}
