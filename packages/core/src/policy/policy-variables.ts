/**
 * Policy variables, as IAM User Guide "IAM policy elements: Variables and tags" describes them:
 * `${key}` is replaced by the value of the request-context key `key` (any key: `aws:username`,
 * `aws:PrincipalTag/team`, `s3:prefix`…); `${key, 'default'}` falls back to the quoted default
 * when the key is absent; `${*}`, `${?}` and `${$}` stand for the literal characters. Variables
 * exist only in policies whose Version is 2012-10-17; in 2008-10-17 policies `${…}` is text.
 *
 * Text that does not follow the variable grammar (an unterminated `${`, an empty key) stays text.
 * Substituted values are literal: a `*` in a tag value never acts as a wildcard.
 */
import type { ContextLookup } from './conditions/context.ts';
import type { PatternPiece } from './wildcard.ts';

export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'char'; readonly text: string; readonly raw: string }
  | { readonly kind: 'variable'; readonly key: string; readonly fallback?: string; readonly raw: string };

const VARIABLE = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Longer text between `${` and `}` is not a variable; the cap keeps tokenizing linear. */
const MAX_VARIABLE_LENGTH = 512;

/** Splits policy text into literal text, escapes and variables (2012-10-17 grammar). */
export function tokenizeTemplate(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let textStart = 0;
  let close = -1;
  let index = text.indexOf('${');
  while (index >= 0) {
    // The closing brace only ever moves forward, so the whole scan stays linear in the text.
    if (close < index + 2) close = text.indexOf('}', index + 2);
    if (close < 0) break;
    const token = close - index - 2 <= MAX_VARIABLE_LENGTH ? tokenAt(text, index, close) : undefined;
    if (token === undefined) {
      index = text.indexOf('${', index + 2);
      continue;
    }
    if (index > textStart) tokens.push({ kind: 'text', text: text.slice(textStart, index) });
    tokens.push(token);
    textStart = close + 1;
    index = text.indexOf('${', textStart);
  }
  if (textStart < text.length) tokens.push({ kind: 'text', text: text.slice(textStart) });
  return tokens;
}

function tokenAt(text: string, index: number, close: number): TemplateToken | undefined {
  const inner = text.slice(index + 2, close);
  const raw = text.slice(index, close + 1);
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'char', text: inner, raw };
  const match = VARIABLE.exec(inner);
  const key = match?.[1];
  if (key === undefined) return undefined;
  const fallback = match?.[2];
  return fallback === undefined ? { kind: 'variable', key, raw } : { kind: 'variable', key, fallback, raw };
}

export interface Resolution {
  /** The resolved pieces, or undefined when a variable had neither a value nor a default. */
  readonly pieces: readonly PatternPiece[] | undefined;
  /** Keys the variables asked for that the context did not carry. */
  readonly missing: readonly string[];
}

/**
 * Resolves tokens against the context. A key that holds several values cannot stand in for one
 * variable; it counts as absent.
 */
export function resolveTokens(tokens: readonly TemplateToken[], context: ContextLookup): Resolution {
  const pieces: PatternPiece[] = [];
  const missing: string[] = [];
  let unresolved = false;
  for (const token of tokens) {
    if (token.kind === 'text') {
      pieces.push({ text: token.text, wild: true });
    } else if (token.kind === 'char') {
      pieces.push({ text: token.text, wild: false });
    } else {
      const values = context.get(token.key);
      if (values !== undefined && values.length === 1) {
        pieces.push({ text: values[0] ?? '', wild: false });
      } else if (token.fallback !== undefined) {
        if (values === undefined) missing.push(token.key);
        pieces.push({ text: token.fallback, wild: false });
      } else {
        if (values === undefined) missing.push(token.key);
        unresolved = true;
      }
    }
  }
  return { pieces: unresolved ? undefined : pieces, missing };
}

/** Tokens as plain text: what a 2008-10-17 policy, or a part of an ARN where variables are not allowed, sees. */
export function tokensAsText(tokens: readonly TemplateToken[]): PatternPiece[] {
  return tokens.map((token) => ({ text: token.kind === 'text' ? token.text : token.raw, wild: true }));
}

/** Resolves one policy string: variables for 2012-10-17, plain text for 2008-10-17. */
export function resolveText(text: string, variables: boolean, context: ContextLookup): Resolution {
  if (!variables) return { pieces: [{ text, wild: true }], missing: [] };
  return resolveTokens(tokenizeTemplate(text), context);
}
