/**
 * The condition operators IAM knows, and how an operator name in a Condition block decomposes:
 * an optional set operator prefix (`ForAnyValue:` or `ForAllValues:`, IAM User Guide "Creating a
 * condition with multiple keys or values"), the operator, and an optional `IfExists` suffix
 * ("IAM JSON policy elements: Condition operators", ...IfExists condition operators).
 *
 * Names are recognised without regard to case (we could not find IAM documenting either way, and
 * refusing a policy AWS accepts breaks more than accepting one it might refuse); evaluation and
 * explanations use the documented spelling.
 */
import { ArnEquals, ArnLike, ArnNotEquals, ArnNotLike } from './arn.ts';
import { BinaryEquals } from './binary.ts';
import { Bool } from './bool.ts';
import {
  DateEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  DateLessThan,
  DateLessThanEquals,
  DateNotEquals,
} from './date.ts';
import { IpAddress, NotIpAddress } from './ip-address.ts';
import { NULL_OPERATOR_NAME, Null } from './null.ts';
import {
  NumericEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericNotEquals,
} from './numeric.ts';
import type { ConditionOperator } from './operator.ts';
import {
  StringEquals,
  StringEqualsIgnoreCase,
  StringLike,
  StringNotEquals,
  StringNotEqualsIgnoreCase,
  StringNotLike,
} from './string.ts';

const OPERATORS: readonly ConditionOperator[] = [
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals,
  DateNotEquals,
  DateLessThan,
  DateLessThanEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ArnEquals,
  ArnLike,
  ArnNotEquals,
  ArnNotLike,
  Null,
];

const BY_NAME = new Map(OPERATORS.map((operator) => [operator.name.toLowerCase(), operator]));

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface OperatorName {
  readonly set?: SetOperator;
  readonly operator: ConditionOperator;
  readonly ifExists: boolean;
  /** The null check is evaluated differently from every other operator. */
  readonly isNull: boolean;
}

const SET_PREFIXES: readonly SetOperator[] = ['ForAnyValue', 'ForAllValues'];
const IF_EXISTS = 'ifexists';

/** Decomposes an operator name, or undefined when IAM would not know it. */
export function parseOperatorName(name: string): OperatorName | undefined {
  let rest = name;
  let set: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    set = SET_PREFIXES.find((candidate) => candidate.toLowerCase() === prefix);
    if (set === undefined) return undefined;
    rest = rest.slice(colon + 1);
  }
  let operator = BY_NAME.get(rest.toLowerCase());
  let ifExists = false;
  if (operator === undefined && rest.toLowerCase().endsWith(IF_EXISTS)) {
    operator = BY_NAME.get(rest.slice(0, -IF_EXISTS.length).toLowerCase());
    ifExists = true;
  }
  if (operator === undefined) return undefined;
  const isNull = operator.name === NULL_OPERATOR_NAME;
  // Null tests existence itself: it takes neither IfExists nor a set operator.
  if (isNull && (ifExists || set !== undefined)) return undefined;
  return set === undefined ? { operator, ifExists, isNull } : { set, operator, ifExists, isNull };
}
