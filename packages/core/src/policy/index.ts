// The policy engine (oslo.policy's rule language) and the shape in which each service documents its default rules.
export { PolicyEngine } from './engine.js';
export { PolicySyntaxError } from './parser.js';

/**
 * One default rule, as oslo.policy's `DocumentedRuleDefault` states it: the check string, what it protects and the
 * API operations it guards. Each service keeps its list in `src/policies/<resource>.ts`.
 */
export type PolicyRule = {
  name: string;
  checkStr: string;
  description: string;
  operations: { path: string; method: string }[];
};

/**
 * The `name → checkStr` map a PolicyEngine is built from.
 *
 * @throws Error when two rules share a name (oslo.policy's DuplicatePolicyError): one would silently win.
 */
export function rulesOf(list: PolicyRule[]): Record<string, string> {
  const rules: Record<string, string> = {};
  for (const rule of list) {
    if (Object.hasOwn(rules, rule.name)) throw new Error(`policy rule "${rule.name}" is defined twice`);
    rules[rule.name] = rule.checkStr;
  }
  return rules;
}
