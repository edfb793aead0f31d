/**
 * Writes an operation's output as the query protocol's XML response, driven by the output shape,
 * in exactly the form botocore's QueryParser reads:
 *
 *   <XResponse xmlns="<service namespace>">
 *     <XResult> …members of the output shape… </XResult>     (the operation's resultWrapper)
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </XResponse>
 *
 * Structure members are elements named by `locationName` or the member name, in model order;
 * lists wrap each item in `<member>` (or the list member's `locationName`) unless flattened, maps
 * wrap each pair in `<entry><key/><value/></entry>`; timestamps are ISO 8601 in UTC, booleans
 * `true`/`false`, blobs base64. An operation without output answers with the metadata alone.
 * Members the handler left undefined are omitted; a value of the wrong type is a bug (TypeError).
 */
import type { ApiModel, MemberRef, OperationModel, ShapeModel } from '@anchorage/core/api-model/types';
import { element, escapeXml } from './xml-text.ts';

export function serializeQueryResponse(
  model: ApiModel,
  operationName: string,
  operation: OperationModel,
  output: object,
  requestId: string,
): string {
  let result = '';
  if (operation.output !== undefined) {
    const shape = shapeOf(model, operation.output);
    const wrapper = operation.resultWrapper ?? `${operationName}Result`;
    // The result element is written even when empty: botocore looks it up by name.
    result = `<${wrapper}>${structureContent(model, shape, output, wrapper)}</${wrapper}>`;
  }
  const metadata = element('ResponseMetadata', element('RequestId', escapeXml(requestId)));
  return element(`${operationName}Response`, result + metadata, model.metadata?.xmlNamespace);
}

function shapeOf(model: ApiModel, name: string): ShapeModel {
  const shape = model.shapes[name];
  if (shape === undefined) throw new TypeError(`shape ${name} is not in the model`);
  return shape;
}

function structureContent(model: ApiModel, shape: ShapeModel, value: unknown, path: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`output at ${path} must be an object`);
  }
  const record = value as Record<string, unknown>;
  let xml = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = record[name];
    if (member === undefined || member === null) continue;
    xml += memberXml(model, name, ref, member, `${path}.${name}`);
  }
  return xml;
}

function memberXml(model: ApiModel, name: string, ref: MemberRef, value: unknown, path: string): string {
  const shape = shapeOf(model, ref.shape);
  const flattened = ref.flattened === true || shape.flattened === true;
  // botocore `_member_key_name`: a flattened list whose member has a locationName uses that name.
  const tag =
    shape.type === 'list' && flattened && shape.memberLocationName !== undefined
      ? shape.memberLocationName
      : (ref.locationName ?? name);
  if (shape.type === 'list' && flattened) {
    return listItems(model, shape, value, path)
      .map((item) => element(tag, item, ref.xmlNamespace))
      .join('');
  }
  if (shape.type === 'map' && flattened) {
    return mapEntries(model, shape, value, path)
      .map((entry) => element(tag, entry, ref.xmlNamespace))
      .join('');
  }
  return element(tag, content(model, shape, value, path), ref.xmlNamespace);
}

/** The inside of an element holding a value of `shape` (lists and maps not flattened). */
function content(model: ApiModel, shape: ShapeModel, value: unknown, path: string): string {
  switch (shape.type) {
    case 'structure':
      return structureContent(model, shape, value, path);
    case 'list': {
      const itemTag = shape.memberLocationName ?? 'member';
      return listItems(model, shape, value, path)
        .map((item) => element(itemTag, item))
        .join('');
    }
    case 'map':
      return mapEntries(model, shape, value, path)
        .map((entry) => element('entry', entry))
        .join('');
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`output at ${path} must be a string`);
      return escapeXml(value);
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new TypeError(`output at ${path} must be an integer`);
      }
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`output at ${path} must be a boolean`);
      return value ? 'true' : 'false';
    case 'timestamp':
      return formatTimestamp(value, path);
    case 'blob':
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (typeof value !== 'string') throw new TypeError(`output at ${path} must be bytes or base64`);
      return escapeXml(value);
  }
}

function listItems(model: ApiModel, shape: ShapeModel, value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new TypeError(`output at ${path} must be a list`);
  const member = shapeOf(model, shape.member ?? '');
  return value.map((item, i) => content(model, member, item, `${path}.${i + 1}`));
}

function mapEntries(model: ApiModel, shape: ShapeModel, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`output at ${path} must be a map`);
  }
  const keyShape = shapeOf(model, shape.key ?? '');
  const valueShape = shapeOf(model, shape.value ?? '');
  const keyTag = shape.keyLocationName ?? 'key';
  const valueTag = shape.valueLocationName ?? 'value';
  return Object.entries(value).map(
    ([k, v]) =>
      element(keyTag, content(model, keyShape, k, `${path}.key`)) +
      element(valueTag, content(model, valueShape, v, `${path}.${k}`)),
  );
}

/**
 * ISO 8601 in UTC with whole seconds, as IAM writes `CreateDate` (`2013-04-18T05:01:58Z`). Accepts
 * the ISO strings records keep, or epoch milliseconds.
 */
export function formatTimestamp(value: unknown, path = 'timestamp'): string {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`output at ${path} must be a timestamp`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
