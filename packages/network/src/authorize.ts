// Policy checks as Neutron makes them: a denied action is PolicyNotAuthorized (403), or a 404 when the caller may
// not even see the resource (neutron/api/v2/base.py hides what a project cannot read).
import type { Caller, NetworkContext } from './context.js';
import { NeutronForbidden } from './errors.js';

/** A policy target: the resource's attributes plus its network's (`network:project_id`, `network:shared`, …). */
export type Target = Record<string, unknown>;

/** Whether `rule` allows the caller on `target`. */
export function can(ctx: NetworkContext, caller: Caller, rule: string, target: Target): boolean {
  return ctx.policy.check(rule, target, caller.creds);
}

/** Throws PolicyNotAuthorized unless `rule` allows the caller on `target`. */
export function authorize(ctx: NetworkContext, caller: Caller, rule: string, target: Target): void {
  if (!can(ctx, caller, rule, target)) {
    throw new NeutronForbidden('PolicyNotAuthorized', `(rule:${rule}) is disallowed by policy`);
  }
}

/** The target attributes that describe a resource's network. */
export function networkTarget(network: { project_id: string; shared: number; external: number }): Target {
  return {
    'network:project_id': network.project_id,
    'network:tenant_id': network.project_id,
    'network:shared': network.shared === 1,
    'network:router:external': network.external === 1,
  };
}
