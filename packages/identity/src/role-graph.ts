// Roles and their implications, loaded once per change and expanded transitively (admin → member → reader).
import type { IdentityContext } from './context.js';
import { listAllRoles, listImpliedRoles } from './db/roles.js';
import type { RoleRow } from './db/tables.js';

export interface RoleGraph {
  byId: Map<string, RoleRow>;
  /** Every role id reachable from `roleIds` through implied-role rules, including themselves. */
  expand(roleIds: Iterable<string>): string[];
}

const cachedFor = new WeakMap<IdentityContext, { revision: number; graph: RoleGraph }>();

/** The role graph as of the current change counter (rebuilt after any write). */
export async function roleGraph(ctx: IdentityContext): Promise<RoleGraph> {
  const cached = cachedFor.get(ctx);
  if (cached && cached.revision === ctx.changes.value) return cached.graph;
  const revision = ctx.changes.value;
  const [roles, rules] = await Promise.all([listAllRoles(ctx.db), listImpliedRoles(ctx.db)]);
  const byId = new Map(roles.map((r) => [r.id, r]));
  const implies = new Map<string, string[]>();
  for (const rule of rules)
    implies.set(rule.prior_role_id, [...(implies.get(rule.prior_role_id) ?? []), rule.implied_role_id]);
  const graph: RoleGraph = {
    byId,
    expand(roleIds) {
      const seen = new Set<string>();
      const stack = [...roleIds];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id) || !byId.has(id)) continue;
        seen.add(id);
        stack.push(...(implies.get(id) ?? []));
      }
      return [...seen];
    },
  };
  cachedFor.set(ctx, { revision, graph });
  return graph;
}
