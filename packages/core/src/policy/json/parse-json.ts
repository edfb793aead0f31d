/**
 * A small JSON parser (RFC 8259) for policy documents. We do not use `JSON.parse` because IAM
 * needs what it throws away: the line and column of every statement (reported with a decision,
 * as IAM's simulator does) and duplicate member names, which `JSON.parse` resolves silently by
 * keeping the last one, so that two readers of one document could see two different policies.
 *
 * Bounded on hostile input: the text length and the nesting depth are capped, and the parser is
 * iterative over characters with recursion only per nesting level.
 */
import type { SourcePosition } from '../types.ts';
import type { JsonMember, JsonNode } from './json-node.ts';

/** IAM's `policyDocumentType` allows 131,072 characters; nothing longer is a policy. */
export const MAX_JSON_TEXT_LENGTH = 131_072;
/** Real policies nest 5 levels deep (document → Statement → statement → Condition → operator → key). */
export const MAX_JSON_DEPTH = 64;

export class JsonSyntaxError extends Error {
  readonly position: SourcePosition;

  constructor(message: string, position: SourcePosition) {
    super(message);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

export function parseJson(text: string): JsonNode {
  if (text.length > MAX_JSON_TEXT_LENGTH) {
    throw new JsonSyntaxError(
      `the document is ${text.length} characters long; at most ${MAX_JSON_TEXT_LENGTH} are accepted`,
      { line: 1, column: 1 },
    );
  }
  const reader = new Reader(text);
  // A byte order mark is not JSON, but editors on some systems write one; RFC 8259 §8.1 lets a parser ignore it.
  if (text.charCodeAt(0) === 0xfeff) reader.advance();
  reader.skipWhitespace();
  const value = reader.value(0);
  reader.skipWhitespace();
  if (!reader.done()) throw reader.error(`unexpected ${reader.describeCurrent()} after the document`);
  return value;
}

class Reader {
  private readonly text: string;
  private index = 0;
  private line = 1;
  private column = 1;

  constructor(text: string) {
    this.text = text;
  }

  done(): boolean {
    return this.index >= this.text.length;
  }

  position(): SourcePosition {
    return { line: this.line, column: this.column };
  }

  error(message: string, position: SourcePosition = this.position()): JsonSyntaxError {
    return new JsonSyntaxError(message, position);
  }

  describeCurrent(): string {
    if (this.done()) return 'end of document';
    const char = this.text[this.index] ?? '';
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f
      ? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
      : `character '${char}'`;
  }

  advance(): void {
    const code = this.text.charCodeAt(this.index);
    this.index += 1;
    // \r\n counts as one line break; a lone \r or \n counts as one too.
    if (code === 0x0a || (code === 0x0d && this.text.charCodeAt(this.index) !== 0x0a)) {
      this.line += 1;
      this.column = 1;
    } else {
      this.column += 1;
    }
  }

  skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.index);
      if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) this.advance();
      else return;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) throw this.error(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const char = this.text[this.index];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"': {
        const start = this.position();
        const value = this.string();
        return { type: 'string', value, start, end: this.lastPosition() };
      }
      case 't':
        return this.literal('true', { type: 'boolean', value: true });
      case 'f':
        return this.literal('false', { type: 'boolean', value: false });
      case 'n':
        return this.literal('null', { type: 'null' });
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
        throw this.error(`unexpected ${this.describeCurrent()}, expected a value`);
    }
  }

  /** The position of the character just consumed (values end on their last character). */
  private lastPosition(): SourcePosition {
    return { line: this.line, column: this.column - 1 };
  }

  private object(depth: number): JsonNode {
    const start = this.position();
    this.advance();
    const members: JsonMember[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.advance();
      return { type: 'object', members, start, end: this.lastPosition() };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"')
        throw this.error(`unexpected ${this.describeCurrent()}, expected a member name`);
      const keyStart = this.position();
      const key = this.string();
      if (seen.has(key)) throw this.error(`duplicate member name "${key}"`, keyStart);
      seen.add(key);
      this.skipWhitespace();
      if (this.text[this.index] !== ':')
        throw this.error(`unexpected ${this.describeCurrent()}, expected ':'`);
      this.advance();
      this.skipWhitespace();
      members.push({ key, keyStart, value: this.value(depth + 1) });
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.advance();
        continue;
      }
      if (next === '}') {
        this.advance();
        return { type: 'object', members, start, end: this.lastPosition() };
      }
      throw this.error(`unexpected ${this.describeCurrent()}, expected ',' or '}'`);
    }
  }

  private array(depth: number): JsonNode {
    const start = this.position();
    this.advance();
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.advance();
      return { type: 'array', items, start, end: this.lastPosition() };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.advance();
        continue;
      }
      if (next === ']') {
        this.advance();
        return { type: 'array', items, start, end: this.lastPosition() };
      }
      throw this.error(`unexpected ${this.describeCurrent()}, expected ',' or ']'`);
    }
  }

  /** RFC 8259 §7. Leaves the reader after the closing quote. */
  private string(): string {
    this.advance();
    let result = '';
    let runStart = this.index;
    for (;;) {
      if (this.done()) throw this.error('unterminated string');
      const code = this.text.charCodeAt(this.index);
      if (code === 0x22) {
        result += this.text.slice(runStart, this.index);
        this.advance();
        return result;
      }
      if (code < 0x20) throw this.error(`unexpected ${this.describeCurrent()} in a string`);
      if (code !== 0x5c) {
        this.advance();
        continue;
      }
      result += this.text.slice(runStart, this.index);
      this.advance();
      result += this.escape();
      runStart = this.index;
    }
  }

  private escape(): string {
    const char = this.text[this.index];
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (char !== undefined && Object.hasOwn(simple, char)) {
      this.advance();
      return simple[char] ?? '';
    }
    if (char !== 'u') throw this.error(`invalid escape '\\${char ?? ''}' in a string`);
    this.advance();
    const hex = this.text.slice(this.index, this.index + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('invalid \\u escape in a string');
    for (let i = 0; i < 4; i += 1) this.advance();
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  private number(): JsonNode {
    const start = this.position();
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.index, this.index + 400),
    );
    const raw = match?.[0] ?? '';
    if (raw === '' || raw === '-') throw this.error(`invalid number`);
    for (let i = 0; i < raw.length; i += 1) this.advance();
    return { type: 'number', raw, start, end: this.lastPosition() };
  }

  private literal(word: string, node: { type: 'boolean'; value: boolean } | { type: 'null' }): JsonNode {
    const start = this.position();
    if (this.text.slice(this.index, this.index + word.length) !== word) {
      throw this.error(`unexpected ${this.describeCurrent()}, expected a value`);
    }
    for (let i = 0; i < word.length; i += 1) this.advance();
    return { ...node, start, end: this.lastPosition() };
  }
}
