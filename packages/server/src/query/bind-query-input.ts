/**
 * Builds an operation's input from query-protocol form parameters, driven by the input shape,
 * reading exactly what botocore's QuerySerializer writes:
 *
 *   structure member  `Prefix.Member` (the member's `locationName` when it has one)
 *   list              `Prefix.member.N` (N from 1; the list member's `locationName` instead of
 *                     `member`); a flattened list drops the `member` level; an empty list is
 *                     sent as `Prefix=` with an empty value
 *   map               `Prefix.entry.N.key` / `Prefix.entry.N.value` (flattened: no `entry`)
 *   boolean           `true` / `false`; timestamps ISO 8601; blobs base64 (checked by the validator)
 *
 * The result is a plain object the validator then checks against the same shape. Parameters the
 * shape does not name are ignored, as AWS ignores members it does not know. List positions are
 * capped at 1,000 so that `Tags.member.999999999` cannot make a sparse array; positions need not
 * be contiguous but keep their order.
 */
import type { ApiModel, MemberRef, ShapeModel } from '@anchorage/core/api-model/types';
import { AnchorageError } from '@anchorage/core/errors';
import { type FormParameters, printable } from './form-body.ts';

export const MAX_LIST_POSITION = 1000;

interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

const FORBIDDEN_MAP_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const POSITION = /^[1-9][0-9]{0,3}$/;

export function bindQueryInput(
  model: ApiModel,
  shapeName: string,
  params: FormParameters,
): Record<string, unknown> {
  const root = buildTree(params);
  return bindStructure(model, shapeOf(model, shapeName), root, '');
}

/** Parameter names as a tree split at `.`: `Tags.member.1.Key` → Tags → member → 1 → Key. */
function buildTree(params: FormParameters): ParamNode {
  const root: ParamNode = {};
  for (const [name, value] of params) {
    let node = root;
    for (const part of name.split('.')) {
      node.children ??= new Map();
      let child = node.children.get(part);
      if (child === undefined) {
        child = {};
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

function shapeOf(model: ApiModel, name: string): ShapeModel {
  const shape = model.shapes[name];
  if (shape === undefined) throw new TypeError(`shape ${name} is not in the model`);
  return shape;
}

function isFlattened(ref: MemberRef | undefined, shape: ShapeModel): boolean {
  return ref?.flattened === true || shape.flattened === true;
}

/** The parameter name of a structure member (botocore `_get_serialized_name`, with the flattened-list rule). */
function memberKey(name: string, ref: MemberRef, shape: ShapeModel): string {
  if (shape.type === 'list' && isFlattened(ref, shape) && shape.memberLocationName !== undefined) {
    return shape.memberLocationName;
  }
  return ref.locationName ?? name;
}

function bindValue(
  model: ApiModel,
  shape: ShapeModel,
  ref: MemberRef | undefined,
  node: ParamNode,
  path: string,
): unknown {
  switch (shape.type) {
    case 'structure':
      if (node.value !== undefined && node.value !== '') throw malformed(path, 'a structure');
      return bindStructure(model, shape, node, path);
    case 'list':
      return bindList(model, shape, ref, node, path);
    case 'map':
      return bindMap(model, shape, ref, node, path);
    default:
      return bindScalar(shape, node, path);
  }
}

function bindStructure(
  model: ApiModel,
  shape: ShapeModel,
  node: ParamNode,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const memberShape = shapeOf(model, ref.shape);
    const key = memberKey(name, ref, memberShape);
    const child = node.children?.get(key);
    if (child === undefined) continue;
    out[name] = bindValue(model, memberShape, ref, child, path === '' ? key : `${path}.${key}`);
  }
  return out;
}

function bindList(
  model: ApiModel,
  shape: ShapeModel,
  ref: MemberRef | undefined,
  node: ParamNode,
  path: string,
): unknown[] {
  const memberShapeName = shape.member;
  if (memberShapeName === undefined) throw new TypeError(`list shape at ${path} has no member`);
  const memberShape = shapeOf(model, memberShapeName);
  // botocore sends an empty list as `Prefix=`; any other value where a list belongs is malformed.
  if (node.value !== undefined && node.value !== '') throw malformed(path, 'a list');
  let itemsNode: ParamNode | undefined = node;
  let itemsPath = path;
  if (!isFlattened(ref, shape)) {
    const level = shape.memberLocationName ?? 'member';
    itemsNode = node.children?.get(level);
    itemsPath = `${path}.${level}`;
    if (itemsNode?.value !== undefined) throw malformed(itemsPath, 'a list');
  }
  const items = positions(itemsNode, itemsPath);
  return items.map(([position, child]) =>
    bindValue(model, memberShape, undefined, child, `${itemsPath}.${position}`),
  );
}

function bindMap(
  model: ApiModel,
  shape: ShapeModel,
  ref: MemberRef | undefined,
  node: ParamNode,
  path: string,
): Record<string, unknown> {
  if (shape.key === undefined || shape.value === undefined) {
    throw new TypeError(`map shape at ${path} lacks key or value`);
  }
  const keyShape = shapeOf(model, shape.key);
  const valueShape = shapeOf(model, shape.value);
  if (node.value !== undefined && node.value !== '') throw malformed(path, 'a map');
  const entriesNode = isFlattened(ref, shape) ? node : node.children?.get('entry');
  const entriesPath = isFlattened(ref, shape) ? path : `${path}.entry`;
  const keyName = shape.keyLocationName ?? 'key';
  const valueName = shape.valueLocationName ?? 'value';
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [position, entry] of positions(entriesNode, entriesPath)) {
    const entryPath = `${entriesPath}.${position}`;
    const keyNode = entry.children?.get(keyName);
    const valueNode = entry.children?.get(valueName);
    if (keyNode === undefined) throw malformed(`${entryPath}.${keyName}`, 'a map key');
    const key = bindScalar(keyShape, keyNode, `${entryPath}.${keyName}`);
    if (typeof key !== 'string') throw malformed(`${entryPath}.${keyName}`, 'a string map key');
    if (FORBIDDEN_MAP_KEYS.has(key) || seen.has(key)) {
      throw new AnchorageError(
        'SerializationException',
        `The map ${printable(path)} repeats or misuses a key`,
      );
    }
    seen.add(key);
    if (valueNode !== undefined) {
      out[key] = bindValue(model, valueShape, undefined, valueNode, `${entryPath}.${valueName}`);
    }
  }
  return out;
}

/** The numbered children of a list or map node, in position order. */
function positions(node: ParamNode | undefined, path: string): [number, ParamNode][] {
  const found: [number, ParamNode][] = [];
  for (const [part, child] of node?.children ?? []) {
    const position = POSITION.test(part) ? Number(part) : 0;
    if (position < 1 || position > MAX_LIST_POSITION) {
      throw new AnchorageError(
        'SerializationException',
        `${printable(`${path}.${part}`)} is not a list position from 1 to ${MAX_LIST_POSITION}`,
      );
    }
    found.push([position, child]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

function bindScalar(shape: ShapeModel, node: ParamNode, path: string): unknown {
  const text = node.value;
  if (text === undefined || node.children !== undefined) throw malformed(path, 'a single value');
  switch (shape.type) {
    case 'integer':
    case 'long': {
      const n = /^-?[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(n)) throw malformed(path, 'an integer');
      return n;
    }
    case 'boolean': {
      // Java's Boolean parsing, which AWS's query services use, ignores case.
      const lower = text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw malformed(path, 'true or false');
    }
    case 'timestamp':
      if (Number.isNaN(Date.parse(text))) throw malformed(path, 'an ISO 8601 timestamp');
      return text;
    default:
      return text;
  }
}

function malformed(path: string, expected: string): AnchorageError {
  return new AnchorageError(
    'SerializationException',
    `Invalid value for the parameter ${printable(path)}: expected ${expected}`,
  );
}
