/**
 * Evaluates a statement's Condition block against the request context (IAM User Guide "IAM JSON
 * policy elements: Condition", "Creating a condition with multiple keys or values"):
 *
 * - every operator in the block, and every key under an operator, must hold (AND);
 * - the values listed for one key are alternatives (OR);
 * - a key absent from the context makes a positive operator false and a negated one true,
 *   except `...IfExists`, which is true when the key is absent, and `Null`, which tests absence;
 * - without a set operator, a key with several context values matches when any of them matches
 *   (a negated operator: when none does);
 * - `ForAllValues:` holds when every context value matches some policy value, and also when the key
 *   is absent or empty; `ForAnyValue:` holds when at least one context value matches some policy
 *   value, and is false when the key is absent or empty ("If the key values in the request
 *   resolve to an empty data set … ForAllValues returns true, and … ForAnyValue returns false").
 *   With a negated operator, "matches" reads as "matches none of the policy values".
 */
import type { ConditionBlock } from '../types.ts';
import type { ContextLookup } from './context.ts';
import { nullHolds } from './null.ts';
import type { ValueEnvironment, ValueMatcher } from './operator.ts';
import { type OperatorName, parseOperatorName } from './operators.ts';

export interface ConditionOutcome {
  readonly holds: boolean;
  /** Keys the block asked for that the context did not carry (conditions and variables). */
  readonly missing: readonly string[];
}

export function evaluateCondition(
  block: ConditionBlock,
  context: ContextLookup,
  variables: boolean,
): ConditionOutcome {
  const missing: string[] = [];
  let holds = true;
  // Every entry is evaluated, even after one fails, so that missingContextKeys is complete.
  for (const [operatorName, keys] of Object.entries(block)) {
    const parsed = parseOperatorName(operatorName);
    for (const [key, policyValues] of Object.entries(keys)) {
      const values = context.get(key);
      if (values === undefined) missing.push(key);
      // An operator the parser would refuse cannot be satisfied (only reachable with hand-built policies).
      if (parsed === undefined || !keyHolds(parsed, policyValues, values, { variables, context, missing })) {
        holds = false;
      }
    }
  }
  return { holds, missing };
}

function keyHolds(
  name: OperatorName,
  policyValues: readonly string[],
  values: readonly string[] | undefined,
  env: ValueEnvironment,
): boolean {
  if (name.isNull) return policyValues.some((policyValue) => nullHolds(policyValue, values));
  if (values === undefined && name.ifExists) return true;
  const { operator } = name;
  const valueEnv: ValueEnvironment = { ...env, variables: env.variables && operator.variables };
  const matchers = policyValues
    .map((policyValue) => operator.prepare(policyValue, valueEnv))
    .filter((matcher): matcher is ValueMatcher => matcher !== undefined);
  /** The operator's verdict for one context value, in its own (possibly negated) sense. */
  const valueHolds = (value: string): boolean =>
    matchers.some((matcher) => matcher(value)) !== operator.negated;
  const present = values ?? [];
  switch (name.set) {
    case 'ForAllValues':
      return present.every(valueHolds);
    case 'ForAnyValue':
      return present.some(valueHolds);
    default: {
      const anyMatch = present.some((value) => matchers.some((matcher) => matcher(value)));
      return anyMatch !== operator.negated;
    }
  }
}
