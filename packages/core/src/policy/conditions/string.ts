/**
 * String condition operators (IAM User Guide "IAM JSON policy elements: Condition operators",
 * String condition operators): StringEquals and StringNotEquals match exactly and case
 * sensitively; the IgnoreCase variants ignore case; StringLike and StringNotLike accept `*` and
 * `?` anywhere. Policy variables may be used in all of them.
 */
import { resolveText } from '../policy-variables.ts';
import { compilePattern, matchesPattern } from '../wildcard.ts';
import { type ConditionOperator, negated, type ValueEnvironment } from './operator.ts';

function resolvedText(policyValue: string, env: ValueEnvironment): string | undefined {
  const { pieces, missing } = resolveText(policyValue, env.variables, env.context);
  env.missing.push(...missing);
  return pieces?.map((piece) => piece.text).join('');
}

export const StringEquals: ConditionOperator = {
  name: 'StringEquals',
  negated: false,
  variables: true,
  prepare(policyValue, env) {
    const expected = resolvedText(policyValue, env);
    return expected === undefined ? undefined : (value) => value === expected;
  },
};

export const StringEqualsIgnoreCase: ConditionOperator = {
  name: 'StringEqualsIgnoreCase',
  negated: false,
  variables: true,
  prepare(policyValue, env) {
    const expected = resolvedText(policyValue, env)?.toLowerCase();
    return expected === undefined ? undefined : (value) => value.toLowerCase() === expected;
  },
};

export const StringLike: ConditionOperator = {
  name: 'StringLike',
  negated: false,
  variables: true,
  prepare(policyValue, env) {
    const { pieces, missing } = resolveText(policyValue, env.variables, env.context);
    env.missing.push(...missing);
    if (pieces === undefined) return undefined;
    const pattern = compilePattern(pieces, false);
    return (value) => matchesPattern(pattern, value);
  },
};

export const StringNotEquals = negated(StringEquals, 'StringNotEquals');
export const StringNotEqualsIgnoreCase = negated(StringEqualsIgnoreCase, 'StringNotEqualsIgnoreCase');
export const StringNotLike = negated(StringLike, 'StringNotLike');
