// Admin calls: the token was validated by registerService (the route is not public); the policy says whether the
// caller may act.
import { Forbidden, type PolicyEngine, policyCredentials, Unauthorized } from '@nubo/core';
import type { FastifyRequest } from 'fastify';

/** Throws 401 without a validated token and 403 when the rule refuses the caller. */
export function enforce(policy: PolicyEngine, request: FastifyRequest, rule: string, action: string): void {
  if (!request.auth) throw new Unauthorized();
  if (!policy.check(rule, {}, policyCredentials(request.auth))) throw new Forbidden(`${action} not permitted.`);
}
