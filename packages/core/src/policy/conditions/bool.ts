/**
 * The Bool condition operator (IAM User Guide "IAM JSON policy elements: Condition operators",
 * Boolean condition operators): compares a key with "true" or "false". Case is ignored on both
 * sides; JSON `true`/`false` in the policy are normalised to those strings by the parser.
 *
 * The operators page says a policy variable can be used with Bool, while "IAM policy elements:
 * Variables and tags" says variables work only with string and ARN operators; we follow the
 * variables page, which is the one about variables.
 */
import type { ConditionOperator } from './operator.ts';

function asBoolean(text: string): string | undefined {
  const folded = text.toLowerCase();
  return folded === 'true' || folded === 'false' ? folded : undefined;
}

export const Bool: ConditionOperator = {
  name: 'Bool',
  negated: false,
  variables: false,
  check: (policyValue) =>
    asBoolean(policyValue) === undefined ? `"${policyValue}" is not true or false` : undefined,
  prepare(policyValue) {
    const expected = asBoolean(policyValue);
    return expected === undefined ? undefined : (value) => asBoolean(value) === expected;
  },
};
