/**
 * Inputs for any operation of an AWS API model (fast-check): values of each member's shape —
 * enums, lengths around the bounds, numbers out of range, nested structures and lists — and now
 * and then a value of the wrong type, an unknown member or a hostile string. Used to fuzz the
 * Roles Anywhere, IAM, STS and private CA operations through HTTP with valid signatures, so that
 * the handlers behind the signature check see the fuzz too.
 */
import type { ApiModel, ShapeModel } from '@anchorage/core/api-model/types';
import fc from 'fast-check';

/** Strings that have broken parsers elsewhere: empty, dots, escapes, NUL, markup, templates, long. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '*',
  '..',
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '\u0000',
  'é€😀',
  '<a>&amp;</a>',
  '{"a":1}',
  '[]',
  `${'$'}{aws:username}`,
  '-1',
  '1e309',
  'NaN',
  'true',
  'arn:aws:iam::000000000000:role/fuzz',
  'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/00000000-0000-0000-0000-000000000000',
  'A'.repeat(300),
  'x'.repeat(70_000),
];

const hostile = fc.constantFrom(...HOSTILE_STRINGS);

function stringValue(shape: ShapeModel): fc.Arbitrary<string> {
  if (shape.enum !== undefined && shape.enum.length > 0) {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...shape.enum), weight: 4 },
      { arbitrary: hostile, weight: 1 },
    );
  }
  const max = shape.max ?? 64;
  return fc.oneof(
    { arbitrary: fc.string({ minLength: shape.min ?? 0, maxLength: Math.min(max, 40) }), weight: 4 },
    // Around the length bounds: one under the minimum, exactly the maximum, one over.
    {
      arbitrary: fc.constantFrom(
        ...[Math.max(0, (shape.min ?? 1) - 1), Math.min(max, 5000), Math.min(max + 1, 70_000)].map((n) =>
          'a'.repeat(n),
        ),
      ),
      weight: 1,
    },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: hostile, weight: 2 },
  );
}

function numberValue(shape: ShapeModel): fc.Arbitrary<number> {
  const bounds = [shape.min, shape.max].filter((n): n is number => n !== undefined);
  return fc.oneof(
    fc.integer({ min: shape.min ?? -10, max: Math.min(shape.max ?? 100_000, 100_000) }),
    fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 53), ...bounds.flatMap((b) => [b - 1, b, b + 1])),
    fc.double({ noNaN: true }),
  );
}

/** A value for `shapeName`; at depth 4 the recursion stops with a scalar. */
export function shapeValue(model: ApiModel, shapeName: string, depth = 0): fc.Arbitrary<unknown> {
  const shape = model.shapes[shapeName];
  const wrong = fc.jsonValue({ maxDepth: 2 });
  if (shape === undefined) return wrong;
  const right = ((): fc.Arbitrary<unknown> => {
    switch (shape.type) {
      case 'structure':
        return depth >= 4 ? fc.constant({}) : structureValue(model, shape, depth);
      case 'list':
        return depth >= 4 || shape.member === undefined
          ? fc.constant([])
          : fc.array(shapeValue(model, shape.member, depth + 1), { maxLength: 3 });
      case 'map':
        return depth >= 4 || shape.value === undefined
          ? fc.constant({})
          : fc.dictionary(
              stringValue(model.shapes[shape.key ?? ''] ?? { type: 'string' }),
              shapeValue(model, shape.value, depth + 1),
              {
                maxKeys: 3,
                noNullPrototype: true,
              },
            );
      case 'string':
        return stringValue(shape);
      case 'integer':
      case 'long':
        return numberValue(shape);
      case 'boolean':
        return fc.boolean();
      case 'blob':
        return fc.oneof(fc.base64String({ maxLength: 200 }), hostile);
      case 'timestamp':
        return fc.oneof(
          fc.integer({ min: -1, max: 4_102_444_800 }),
          fc.constantFrom('2025-01-01T00:00:00Z', 'yesterday'),
        );
    }
  })();
  return fc.oneof({ arbitrary: right, weight: 9 }, { arbitrary: wrong, weight: 1 });
}

function structureValue(
  model: ApiModel,
  shape: ShapeModel,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const members = Object.entries(shape.members ?? {});
  const required = new Set(shape.required ?? []);
  const parts = Object.fromEntries(
    members.map(([name, ref]) => [name, shapeValue(model, ref.shape, depth + 1)]),
  );
  return fc
    .tuple(
      fc.record(parts, {
        requiredKeys: [...required].filter((name) => name in parts),
        noNullPrototype: true,
      }),
      fc.option(
        fc.tuple(
          fc.constantFrom('Unknown', '__proto__', 'constructor', 'nextToken'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        {
          freq: 8,
        },
      ),
    )
    .map(([value, extra]) => {
      if (extra === null) return value;
      // defineProperty: `__proto__` must become an own member, as JSON.parse would make it.
      return Object.defineProperty({ ...value }, extra[0], {
        value: extra[1],
        enumerable: true,
        configurable: true,
        writable: true,
      });
    });
}

export interface OperationInput {
  /** Decoded values of the URI labels, by label name. */
  readonly labels: Readonly<Record<string, string>>;
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body members. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Input for a restJson1 or awsJson operation, split by where each member travels. */
export function operationInput(model: ApiModel, operation: string): fc.Arbitrary<OperationInput> {
  const op = model.operations[operation];
  const input = op?.input === undefined ? undefined : model.shapes[op.input];
  const members = Object.entries(input?.members ?? {});
  const where = (location: string | undefined) => members.filter(([, ref]) => ref.location === location);
  const scalar = (shape: string) =>
    shapeValue(model, shape).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  // URI labels are always there (a path needs them); query parameters may be left out.
  const labelled = (location: string) => {
    const parts = Object.fromEntries(
      where(location).map(([name, ref]) => [ref.locationName ?? name, scalar(ref.shape)]),
    );
    return fc.record(parts, {
      requiredKeys: location === 'uri' ? Object.keys(parts) : [],
      noNullPrototype: true,
    }) as fc.Arbitrary<Record<string, string>>;
  };
  const bodyShape: ShapeModel = {
    type: 'structure',
    members: Object.fromEntries(where(undefined)),
    required: (input?.required ?? []).filter((name) => where(undefined).some(([m]) => m === name)),
  };
  return fc.record({
    labels: labelled('uri'),
    query: labelled('querystring'),
    body: structureValue(model, bodyShape, 0),
  });
}

/**
 * Query-protocol parameters for an IAM or STS operation: scalars as `Name=value`, lists as
 * `Name.member.N`, structures as `Name.Field`, as botocore serialises them.
 */
export function queryParameters(model: ApiModel, operation: string): fc.Arbitrary<Array<[string, string]>> {
  const op = model.operations[operation];
  return (op?.input === undefined ? fc.constant({}) : shapeValue(model, op.input)).map((value) => {
    const out: Array<[string, string]> = [];
    const flatten = (prefix: string, v: unknown): void => {
      if (Array.isArray(v)) for (const [i, item] of v.entries()) flatten(`${prefix}.member.${i + 1}`, item);
      else if (typeof v === 'object' && v !== null)
        for (const [k, item] of Object.entries(v)) flatten(prefix === '' ? k : `${prefix}.${k}`, item);
      else if (prefix !== '') out.push([prefix, typeof v === 'string' ? v : String(v)]);
    };
    flatten('', value);
    return out;
  });
}
