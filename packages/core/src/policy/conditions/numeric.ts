/**
 * Numeric condition operators (IAM User Guide "IAM JSON policy elements: Condition operators",
 * Numeric condition operators): integers or decimals; policy variables cannot be used. A context
 * value that is not a number matches no numeric comparison.
 */
import { type ConditionOperator, negated } from './operator.ts';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text.trim())) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function numeric(name: string, compare: (context: number, policy: number) => boolean): ConditionOperator {
  return {
    name,
    negated: false,
    variables: false,
    check: (policyValue) =>
      parseNumber(policyValue) === undefined ? `"${policyValue}" is not a number` : undefined,
    prepare(policyValue) {
      const expected = parseNumber(policyValue);
      if (expected === undefined) return undefined;
      return (value) => {
        const actual = parseNumber(value);
        return actual !== undefined && compare(actual, expected);
      };
    },
  };
}

export const NumericEquals = numeric('NumericEquals', (a, b) => a === b);
export const NumericNotEquals = negated(NumericEquals, 'NumericNotEquals');
export const NumericLessThan = numeric('NumericLessThan', (a, b) => a < b);
export const NumericLessThanEquals = numeric('NumericLessThanEquals', (a, b) => a <= b);
export const NumericGreaterThan = numeric('NumericGreaterThan', (a, b) => a > b);
export const NumericGreaterThanEquals = numeric('NumericGreaterThanEquals', (a, b) => a >= b);
