/**
 * Date condition operators (IAM User Guide "IAM JSON policy elements: Condition operators", Date
 * condition operators): compare instants, whichever of the accepted forms each side is written
 * in (see `parse-date.ts`). "Wildcards are not permitted"; policy variables cannot be used.
 */
import { type ConditionOperator, negated } from './operator.ts';
import { parseDate } from './parse-date.ts';

function date(name: string, compare: (context: number, policy: number) => boolean): ConditionOperator {
  return {
    name,
    negated: false,
    variables: false,
    check: (policyValue) =>
      parseDate(policyValue) === undefined
        ? `"${policyValue}" is not an ISO 8601 date or epoch seconds`
        : undefined,
    prepare(policyValue) {
      const expected = parseDate(policyValue);
      if (expected === undefined) return undefined;
      return (value) => {
        const actual = parseDate(value);
        return actual !== undefined && compare(actual, expected);
      };
    },
  };
}

export const DateEquals = date('DateEquals', (a, b) => a === b);
export const DateNotEquals = negated(DateEquals, 'DateNotEquals');
export const DateLessThan = date('DateLessThan', (a, b) => a < b);
export const DateLessThanEquals = date('DateLessThanEquals', (a, b) => a <= b);
export const DateGreaterThan = date('DateGreaterThan', (a, b) => a > b);
export const DateGreaterThanEquals = date('DateGreaterThanEquals', (a, b) => a >= b);
