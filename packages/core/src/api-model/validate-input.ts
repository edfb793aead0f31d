/**
 * Validates an operation's input against the shapes of the AWS API model: types, required
 * members, lengths, patterns, enums, ranges and unions. Messages follow the AWS convention
 * ("1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …") and name
 * the member by its path, with list positions 1-based as AWS writes them (`tags.1.member.key`).
 *
 * Type mismatches are `SerializationException` (the request could not be read as the shape);
 * constraint violations are `ValidationException`. Members not in the model are ignored, as AWS
 * services ignore members added by newer clients.
 */

import type { ApiModel, ShapeModel } from '../api-model/types.ts';
import { AnchorageError, validationError } from '../errors.ts';

/** At most this many violations are listed in one message, as AWS does. */
const MAX_REPORTED = 10;
/** Echoed values are cut so that a hostile input cannot bloat the response or the log. */
const MAX_ECHO = 128;

type Violation = string;

export function validateInput(model: ApiModel, shapeName: string, value: unknown): void {
  const violations: Violation[] = [];
  walk(model, shapeName, value, '', violations);
  if (violations.length === 0) return;
  const n = violations.length;
  const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
  throw validationError(head + violations.slice(0, MAX_REPORTED).join('; '));
}

function shapeOf(model: ApiModel, name: string): ShapeModel {
  const shape = model.shapes[name];
  if (shape === undefined) throw new TypeError(`shape ${name} is not in the model`);
  return shape;
}

function walk(model: ApiModel, shapeName: string, value: unknown, path: string, out: Violation[]): void {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure':
      walkStructure(model, shape, value, path, out);
      return;
    case 'list':
      walkList(model, shape, value, path, out);
      return;
    case 'map':
      walkMap(model, shape, value, path, out);
      return;
    case 'string':
      if (typeof value !== 'string') throw typeMismatch(path, 'a string');
      checkString(shape, value, path, out);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw typeMismatch(path, 'an integer');
      checkRange(shape, value, path, out);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeMismatch(path, 'a boolean');
      return;
    case 'blob':
      if (typeof value !== 'string') throw typeMismatch(path, 'a base64-encoded string');
      checkBlob(shape, value, path, out);
      return;
    case 'timestamp':
      if (typeof value !== 'string' && typeof value !== 'number') throw typeMismatch(path, 'a timestamp');
      return;
  }
}

function walkStructure(
  model: ApiModel,
  shape: ShapeModel,
  value: unknown,
  path: string,
  out: Violation[],
): void {
  if (!isPlainObject(value)) throw typeMismatch(path, 'an object');
  const members = shape.members ?? {};
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) {
      out.push(`Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`);
    }
  }
  let present = 0;
  for (const [name, ref] of Object.entries(members)) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    present++;
    walk(model, ref.shape, member, join(path, name), out);
  }
  if (shape.union === true && present !== 1) {
    const names = Object.keys(members).join(', ');
    out.push(
      `Value at '${path || 'input'}' failed to satisfy constraint: Exactly one of ${names} must be set`,
    );
  }
}

function walkList(model: ApiModel, shape: ShapeModel, value: unknown, path: string, out: Violation[]): void {
  if (!Array.isArray(value)) throw typeMismatch(path, 'a list');
  checkSize(shape, value.length, path, out, 'length');
  const member = shape.member;
  if (member === undefined) return;
  value.forEach((item, i) => {
    if (item === null || item === undefined) {
      out.push(
        `Value null at '${path}.${i + 1}.member' failed to satisfy constraint: Member must not be null`,
      );
      return;
    }
    walk(model, member, item, `${path}.${i + 1}.member`, out);
  });
}

function walkMap(model: ApiModel, shape: ShapeModel, value: unknown, path: string, out: Violation[]): void {
  if (!isPlainObject(value)) throw typeMismatch(path, 'a map');
  const entries = Object.entries(value);
  checkSize(shape, entries.length, path, out, 'length');
  for (const [k, v] of entries) {
    if (shape.key !== undefined) walk(model, shape.key, k, `${path}.key`, out);
    if (shape.value !== undefined) walk(model, shape.value, v, `${path}.${k.slice(0, 64)}`, out);
  }
}

function checkString(shape: ShapeModel, value: string, path: string, out: Violation[]): void {
  // Smithy measures string length in Unicode code points.
  const length = [...value].length;
  const shown = shape.sensitive === true ? undefined : value;
  if (shape.min !== undefined && length < shape.min) {
    out.push(violation(shown, path, `Member must have length greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && length > shape.max) {
    out.push(violation(shown, path, `Member must have length less than or equal to ${shape.max}`));
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.push(violation(shown, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
  }
  if (shape.pattern !== undefined && !fullMatch(shape.pattern, value)) {
    out.push(violation(shown, path, `Member must satisfy regular expression pattern: ${shape.pattern}`));
  }
}

function checkRange(shape: ShapeModel, value: number, path: string, out: Violation[]): void {
  if (shape.min !== undefined && value < shape.min) {
    out.push(violation(String(value), path, `Member must have value greater than or equal to ${shape.min}`));
  }
  if (shape.max !== undefined && value > shape.max) {
    out.push(violation(String(value), path, `Member must have value less than or equal to ${shape.max}`));
  }
}

function checkBlob(shape: ShapeModel, value: string, path: string, out: Violation[]): void {
  const bytes = decodeBase64Strict(value);
  if (bytes === undefined) {
    throw new AnchorageError('SerializationException', `'${path}' is not valid base64`);
  }
  checkSize(shape, bytes.length, path, out, 'length');
}

function checkSize(shape: ShapeModel, size: number, path: string, out: Violation[], what: string): void {
  if (shape.min !== undefined && size < shape.min) {
    out.push(
      `Value at '${path}' failed to satisfy constraint: Member must have ${what} greater than or equal to ${shape.min}`,
    );
  }
  if (shape.max !== undefined && size > shape.max) {
    out.push(
      `Value at '${path}' failed to satisfy constraint: Member must have ${what} less than or equal to ${shape.max}`,
    );
  }
}

const patternCache = new Map<string, RegExp>();

/** Model patterns are not anchored (Smithy); AWS's matching mode is undocumented, so the whole value must match. */
function fullMatch(pattern: string, value: string): boolean {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

/** Standard base64 with padding, as restJson1 encodes blobs; undefined when malformed. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function violation(value: string | undefined, path: string, rule: string): Violation {
  const shown =
    value === undefined ? '' : ` '${value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value}'`;
  return `Value${shown} at '${path}' failed to satisfy constraint: ${rule}`;
}

function typeMismatch(path: string, expected: string): AnchorageError {
  return new AnchorageError('SerializationException', `Expected ${expected} at '${path || 'input'}'`);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
