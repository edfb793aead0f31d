/**
 * The JSON tree the policy parser reads: every node keeps where it starts and ends in the source
 * text, so that refusals can say where and statements can carry the positions IAM's simulator
 * reports. Objects keep their members in source order (no prototype, no silent overwrite).
 */
import type { SourcePosition } from '../types.ts';

export interface JsonMember {
  readonly key: string;
  readonly keyStart: SourcePosition;
  readonly value: JsonNode;
}

interface Span {
  /** Position of the first character of the value. */
  readonly start: SourcePosition;
  /** Position of the last character of the value (the closing `}`, `]` or `"` for containers and strings). */
  readonly end: SourcePosition;
}

export type JsonNode =
  | (Span & { readonly type: 'object'; readonly members: readonly JsonMember[] })
  | (Span & { readonly type: 'array'; readonly items: readonly JsonNode[] })
  | (Span & { readonly type: 'string'; readonly value: string })
  | (Span & { readonly type: 'number'; readonly raw: string })
  | (Span & { readonly type: 'boolean'; readonly value: boolean })
  | (Span & { readonly type: 'null' });

/** How a node is named in messages: "a string", "an object". */
export function describeNode(node: JsonNode): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
  }
}

export function at(position: SourcePosition): string {
  return `line ${position.line}, column ${position.column}`;
}
