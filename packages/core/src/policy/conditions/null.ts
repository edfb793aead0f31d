/**
 * The Null condition operator (IAM User Guide "IAM JSON policy elements: Condition operators",
 * Condition operator to check existence of condition keys): `true` means the key is absent,
 * `false` that it is present. It cannot take `IfExists` ("You can add IfExists to the end of any
 * condition operator name except the Null condition") nor policy variables. A key present with
 * no values (an empty list) counts as absent, an empty data set.
 */
import type { ConditionOperator } from './operator.ts';

export const NULL_OPERATOR_NAME = 'Null';

function asBoolean(text: string): boolean | undefined {
  const folded = text.toLowerCase();
  return folded === 'true' ? true : folded === 'false' ? false : undefined;
}

/** Whether a Null condition value holds for a key with these context values. */
export function nullHolds(policyValue: string, values: readonly string[] | undefined): boolean {
  const wantsAbsent = asBoolean(policyValue);
  if (wantsAbsent === undefined) return false;
  const absent = values === undefined || values.length === 0;
  return wantsAbsent === absent;
}

/** Registered like the others so the parser knows the name and checks the values. */
export const Null: ConditionOperator = {
  name: NULL_OPERATOR_NAME,
  negated: false,
  variables: false,
  check: (policyValue) =>
    asBoolean(policyValue) === undefined ? `"${policyValue}" is not true or false` : undefined,
  prepare: () => undefined,
};
