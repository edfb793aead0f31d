/**
 * Reads a JSON request body. Keys that could poison prototypes (`__proto__`, `constructor`,
 * `prototype`) are refused outright rather than stripped, so no later merge can be tricked.
 */

import { isPlainObject } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  // A reviver makes JSON.parse several times slower; only a body that mentions a forbidden
  // name anywhere needs the key-by-key check.
  const suspicious = text.includes('__proto__') || text.includes('constructor') || text.includes('prototype');
  let parsed: unknown;
  try {
    parsed = suspicious
      ? JSON.parse(text, (key, value: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`forbidden key ${key}`);
          return value;
        })
      : JSON.parse(text);
  } catch {
    throw new AnchorageError('SerializationException', 'The request body is not valid JSON');
  }
  if (!isPlainObject(parsed)) {
    throw new AnchorageError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed;
}

/** Deeper than any shape of the API models nests; below it a value is left as it is. */
const MAX_NULL_STRIP_DEPTH = 64;

/**
 * The input with every object member whose value is `null` removed (list items stay: a null item
 * is a violation the validator reports). AWS JSON protocols read a null member as one not sent;
 * the validator already skips them, and removing them here means no handler ever sees a null
 * where its type says "absent or a value". Below MAX_NULL_STRIP_DEPTH nothing is touched: no
 * shape reaches that deep, so the validator refuses such a value before any handler reads it,
 * and a hostile nesting cannot exhaust the stack here.
 */
export function withoutNullMembers<T>(value: T, depth = 0): T {
  if (depth >= MAX_NULL_STRIP_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNullMembers(item, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) out[key] = withoutNullMembers(member, depth + 1);
  }
  return out as T;
}
