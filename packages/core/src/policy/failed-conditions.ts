/**
 * "Why was I denied?" for a policy whose statements would have allowed but for their conditions:
 * the statements that cover the action (and, in a resource-based policy, name the caller) yet do
 * not apply, each with the condition entries that do not hold and what the request carried for
 * them. This is for explanations only; the decision itself is `evaluate`'s.
 */
import { contextLookup } from './conditions/context.ts';
import { evaluateCondition } from './conditions/evaluate-condition.ts';
import { matchesAnyAction } from './match-action.ts';
import type { Policy, RequestContext } from './types.ts';

export interface FailedCondition {
  readonly sid?: string;
  readonly index: number;
  /** `Operator key [expected values] (request: …)`, one per entry that does not hold. */
  readonly failing: readonly string[];
}

export function failedConditions(policy: Policy, action: string, context: RequestContext): FailedCondition[] {
  const lookup = contextLookup(context);
  const variables = policy.version === '2012-10-17';
  const out: FailedCondition[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || statement.condition === undefined) continue;
    const covers =
      statement.action !== undefined
        ? matchesAnyAction(statement.action, action)
        : statement.notAction !== undefined && !matchesAnyAction(statement.notAction, action);
    if (!covers) continue;
    const failing: string[] = [];
    for (const [operator, keys] of Object.entries(statement.condition)) {
      for (const [key, values] of Object.entries(keys)) {
        if (evaluateCondition({ [operator]: { [key]: values } }, lookup, variables).holds) continue;
        const actual = lookup.get(key);
        failing.push(
          `${operator} ${key} ${JSON.stringify(values)} (request: ${actual === undefined ? 'absent' : JSON.stringify(actual)})`,
        );
      }
    }
    if (failing.length > 0)
      out.push({
        ...(statement.sid === undefined ? {} : { sid: statement.sid }),
        index: statement.index,
        failing,
      });
  }
  return out;
}
