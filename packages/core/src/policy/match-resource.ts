/**
 * The Resource / NotResource elements: ARN patterns matched part by part (see `match-arn.ts`),
 * case sensitively, with policy variables in the resource part for Version 2012-10-17 (IAM User
 * Guide "IAM JSON policy elements: Resource" and "IAM policy elements: Variables and tags"). A
 * pattern whose variable has no value and no default matches nothing, rather than matching its
 * literal text.
 */
import type { ContextLookup } from './conditions/context.ts';
import { prepareArnPattern } from './match-arn.ts';

export function matchesAnyResource(
  patterns: readonly string[],
  resource: string,
  variables: boolean,
  context: ContextLookup,
  missing: string[],
): boolean {
  let matched = false;
  // Every pattern is prepared, even after a match, so that every missing variable key is reported.
  for (const pattern of patterns) {
    const matches = prepareArnPattern(
      pattern,
      { variables, variablesOnlyInResourcePart: true },
      context,
      missing,
    );
    if (matches !== undefined && !matched && matches(resource)) matched = true;
  }
  return matched;
}
