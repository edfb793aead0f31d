/**
 * The shape every condition operator shares. An operator is defined by its positive sense, "does
 * this context value match this policy value"; the negated operators (StringNotEquals,
 * NotIpAddress, ArnNotLike…) are the negation of the whole positive test, which is what makes
 * them true when the key is absent (IAM User Guide "IAM JSON policy elements: Condition
 * operators": "If the policy condition requires that the key is not matched, such as
 * StringNotLike or ArnNotLike, and the right key is not present, the condition is true").
 */
import type { ContextLookup } from './context.ts';

/** What preparing a policy value may need: variables (2012-10-17 string/ARN operators only) and where to note absent keys. */
export interface ValueEnvironment {
  readonly variables: boolean;
  readonly context: ContextLookup;
  readonly missing: string[];
}

/** A prepared policy value: does a context value match it? */
export type ValueMatcher = (contextValue: string) => boolean;

export interface ConditionOperator {
  /** The name as AWS documents it, e.g. `StringEquals`. */
  readonly name: string;
  readonly negated: boolean;
  /** Whether policy variables are substituted in this operator's values. */
  readonly variables: boolean;
  /** Parse-time check of one policy value (without variables); returns what is wrong, if anything. */
  readonly check?: (policyValue: string) => string | undefined;
  /** Prepares one policy value, or undefined when it can match nothing (an unresolved variable). */
  readonly prepare: (policyValue: string, env: ValueEnvironment) => ValueMatcher | undefined;
}

/** The negated twin of a positive operator: same values, opposite verdict. */
export function negated(positive: ConditionOperator, name: string): ConditionOperator {
  return { ...positive, name, negated: true };
}
