/**
 * ARN structure for matching: `arn:partition:service:region:account-id:resource`, six parts
 * separated by the first five colons; the resource part may itself contain colons and slashes
 * (IAM User Guide "IAM identifiers", ARN format). Matching part by part keeps a `*` in the region
 * from running into the account, as the ARN condition operators document
 * ("IAM JSON policy elements: Condition operators", Amazon Resource Name (ARN) condition operators).
 */
import type { TemplateToken } from './policy-variables.ts';

export const ARN_PARTS = 6;

/** The six parts of an ARN, or undefined when `text` has fewer than five colons. */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < ARN_PARTS - 1; i += 1) {
    const colon = text.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(text.slice(from, colon));
    from = colon + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * Splits template tokens into the six ARN parts, on colons of plain text only: a colon inside a
 * variable (`${aws:username}`) is part of the variable's key, not a separator.
 */
export function splitArnTokens(tokens: readonly TemplateToken[]): TemplateToken[][] | undefined {
  const parts: TemplateToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind !== 'text') {
      parts[parts.length - 1]?.push(token);
      continue;
    }
    let rest = token.text;
    for (;;) {
      const colon = parts.length < ARN_PARTS ? rest.indexOf(':') : -1;
      if (colon < 0) {
        if (rest !== '') parts[parts.length - 1]?.push({ kind: 'text', text: rest });
        break;
      }
      if (colon > 0) parts[parts.length - 1]?.push({ kind: 'text', text: rest.slice(0, colon) });
      parts.push([]);
      rest = rest.slice(colon + 1);
    }
  }
  return parts.length === ARN_PARTS ? parts : undefined;
}
