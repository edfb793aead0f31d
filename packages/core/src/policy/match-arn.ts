/**
 * ARN-aware wildcard matching, shared by the Resource element and the ARN condition operators:
 * both sides are split into the six ARN parts and each part is matched on its own, case
 * sensitively, with `*` and `?` (IAM User Guide "IAM JSON policy elements: Resource" and
 * "IAM JSON policy elements: Condition operators", ARN condition operators: "Each of the six
 * colon-delimited components of the ARN is checked separately"). A `*` in the resource part may
 * span `/` and `:`, since that part runs to the end. The pattern `*` alone matches anything.
 */
import { splitArn, splitArnTokens } from './arn-parts.ts';
import type { ContextLookup } from './conditions/context.ts';
import { resolveTokens, type TemplateToken, tokenizeTemplate, tokensAsText } from './policy-variables.ts';
import { compilePattern, matchesPattern, type Pattern } from './wildcard.ts';

export interface ArnPatternOptions {
  /** Policy variables are substituted (Version 2012-10-17). */
  readonly variables: boolean;
  /**
   * Only the resource part takes variables: "You can use a policy variable in the Resource
   * element, but only in the resource portion of the ARN" (IAM User Guide "IAM policy elements:
   * Variables and tags"). ARN condition operators take them anywhere.
   */
  readonly variablesOnlyInResourcePart: boolean;
}

/**
 * Prepares an ARN pattern against a context: a predicate over ARNs, or undefined when the pattern
 * cannot match anything (not ARN-shaped, or a variable with no value and no default). Keys that
 * variables asked for and the context lacked are pushed to `missing`.
 */
export function prepareArnPattern(
  pattern: string,
  options: ArnPatternOptions,
  context: ContextLookup,
  missing: string[],
): ((arn: string) => boolean) | undefined {
  if (pattern === '*') return () => true;
  const tokens: TemplateToken[] = options.variables
    ? tokenizeTemplate(pattern)
    : [{ kind: 'text', text: pattern }];
  const parts = splitArnTokens(tokens);
  if (parts === undefined) return undefined;
  const compiled: Pattern[] = [];
  let resolvable = true;
  for (const [index, part] of parts.entries()) {
    const substitute =
      options.variables && (index === parts.length - 1 || !options.variablesOnlyInResourcePart);
    if (!substitute) {
      compiled.push(compilePattern(tokensAsText(part), false));
      continue;
    }
    const resolution = resolveTokens(part, context);
    missing.push(...resolution.missing);
    if (resolution.pieces === undefined) resolvable = false;
    else compiled.push(compilePattern(resolution.pieces, false));
  }
  if (!resolvable) return undefined;
  return (arn) => {
    const values = splitArn(arn);
    if (values === undefined) return false;
    return compiled.every((partPattern, index) => matchesPattern(partPattern, values[index] ?? ''));
  };
}
