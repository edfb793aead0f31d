/**
 * The restJson1 adapter, driven by the API model: routes come from each operation's HTTP binding
 * (`method` + `requestUri`), and an operation's input is assembled from the URI labels, the query
 * string and the JSON body exactly where the model places each member.
 */

import type { ApiModel, OperationModel } from '@anchorage/core/api-model/types';
import { AnchorageError } from '@anchorage/core/errors';
import { withoutNullMembers } from './json-body.ts';
import { decode, type QueryParams } from './query.ts';

type Segment = { readonly literal: string } | { readonly label: string };

export interface Route {
  readonly operation: string;
  readonly model: OperationModel;
  readonly segments: readonly Segment[];
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly labels: ReadonlyMap<string, string> }
  | { readonly kind: 'none' };

export function compileRoutes(model: ApiModel): Route[] {
  return Object.entries(model.operations).map(([operation, op]) => ({
    operation,
    model: op,
    segments:
      op.uri
        .split('?')[0]
        ?.split('/')
        .slice(1)
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? { label: s.slice(1, -1) } : { literal: s })) ??
      [],
  }));
}

export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch {
  const parts = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.model.method !== method || route.segments.length !== parts.length) continue;
    const labels = new Map<string, string>();
    let ok = true;
    route.segments.forEach((segment, i) => {
      const part = parts[i] ?? '';
      if ('literal' in segment) ok &&= segment.literal === part;
      else if (part === '') ok = false;
      else labels.set(segment.label, part);
    });
    if (ok) {
      // Decode labels only for the matching route, so a bad escape elsewhere cannot fail routing.
      for (const [k, v] of labels) labels.set(k, decode(v));
      return { kind: 'found', route, labels };
    }
  }
  return { kind: 'none' };
}

/** Builds the operation input from where the model binds each member. */
export function bindInput(
  model: ApiModel,
  route: Route,
  labels: ReadonlyMap<string, string>,
  query: QueryParams,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const shapeName = route.model.input;
  if (shapeName === undefined) return {};
  const shape = model.shapes[shapeName];
  const input: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape?.members ?? {})) {
    const wireName = member.locationName ?? name;
    if (member.location === 'uri') {
      const value = labels.get(wireName);
      if (value !== undefined) input[name] = value;
    } else if (member.location === 'querystring') {
      const values = query.get(wireName);
      if (values !== undefined) input[name] = fromQuery(model, member.shape, values, wireName);
    } else if (member.location === undefined && Object.hasOwn(body, name) && body[name] !== null) {
      // A member sent as null is one not sent (AWS JSON protocols); no handler sees a null.
      input[name] = withoutNullMembers(body[name]);
    }
  }
  return input;
}

function fromQuery(model: ApiModel, shapeName: string, values: readonly string[], name: string): unknown {
  const shape = model.shapes[shapeName];
  switch (shape?.type) {
    case 'list':
      return [...values];
    case 'integer':
    case 'long': {
      const text = values[0] ?? '';
      if (!/^-?\d{1,15}$/.test(text)) {
        throw new AnchorageError('SerializationException', `Query parameter ${name} must be an integer`);
      }
      return Number(text);
    }
    case 'boolean':
      if (values[0] === 'true') return true;
      if (values[0] === 'false') return false;
      throw new AnchorageError('SerializationException', `Query parameter ${name} must be true or false`);
    default:
      return values[0];
  }
}
