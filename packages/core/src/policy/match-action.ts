/**
 * The Action / NotAction elements: `service:Action` patterns, matched without regard to case
 * ("Action names are not case sensitive… s3:ListAllMyBuckets is equivalent to
 * s3:listallmybuckets", IAM User Guide "IAM JSON policy elements: Action"), with `*` and `?`
 * wildcards anywhere; `*` alone names every action. Policy variables are not used in actions.
 */
import { matchesPattern, wildPattern } from './wildcard.ts';

export function matchesAnyAction(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => matchesPattern(wildPattern(pattern, true), action.toLowerCase()));
}
