/**
 * Loads the policy test vectors (test/vectors/policy, see its README.md) and turns each case into
 * the engine's inputs: named principals from principals.json, policy documents (given as JSON
 * objects, serialised with two-space indentation, or as exact text) parsed with `parsePolicy`,
 * and the `condition` shorthand expanded into one Allow statement named "Cond".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type {
  Decision,
  NamedPolicy,
  PolicyKind,
  PolicySet,
  RequestContext,
  RequestPrincipal,
} from '@anchorage/core/policy/types';

export const VECTORS = new URL('../vectors/policy/', import.meta.url).pathname;

export interface PolicyInput {
  readonly id?: string;
  readonly kind?: PolicyKind;
  readonly document?: unknown;
  readonly text?: string;
}

export interface EvaluationCase {
  readonly name: string;
  readonly source?: string;
  readonly request?: {
    readonly principal?: string | RequestPrincipal;
    readonly action?: string;
    readonly resource?: string;
    readonly context?: RequestContext;
  };
  readonly policies?: {
    readonly identity?: readonly PolicyInput[];
    readonly session?: readonly PolicyInput[];
    readonly boundary?: PolicyInput;
    readonly resource?: PolicyInput;
    readonly resourceAccountId?: string;
  };
  /** Shorthand: one identity policy with one Allow statement "Cond" holding this Condition. */
  readonly condition?: unknown;
  /** Policy Version for the shorthand (default 2012-10-17). */
  readonly version?: string;
  /** Shorthand: the request context. */
  readonly context?: RequestContext;
  readonly expected: {
    readonly decision: Decision['decision'];
    readonly matchedSids?: readonly string[];
    readonly missingContextKeys?: readonly string[];
    readonly reason?: string;
    readonly byPolicyType?: Decision['byPolicyType'];
  };
}

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(join(VECTORS, relative), 'utf8')) as T;
}

export function vectorFiles(folder: string): string[] {
  return readdirSync(join(VECTORS, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

const PRINCIPALS = readJson<Record<string, RequestPrincipal>>('principals.json');

export function principalOf(value: string | RequestPrincipal | undefined): RequestPrincipal {
  if (value === undefined) return principalOf('role-session');
  if (typeof value !== 'string') return value;
  const principal = PRINCIPALS[value];
  if (principal === undefined) throw new TypeError(`unknown principal ${value} in principals.json`);
  return principal;
}

export function policyText(input: PolicyInput): string {
  if (input.text !== undefined) return input.text;
  return JSON.stringify(input.document, null, 2);
}

function named(input: PolicyInput, fallbackId: string, fallbackKind: PolicyKind): NamedPolicy {
  const kind = input.kind ?? fallbackKind;
  return { id: input.id ?? fallbackId, policy: parsePolicy(policyText(input), kind) };
}

export const SHORTHAND_ACTION = 's3:GetObject';
export const SHORTHAND_RESOURCE = 'arn:aws:s3:::amzn-s3-demo-bucket/key';

export function inputsOf(vector: EvaluationCase): {
  request: Parameters<typeof evaluate>[0];
  policies: PolicySet;
} {
  const request = {
    principal: principalOf(vector.request?.principal),
    action: vector.request?.action ?? SHORTHAND_ACTION,
    resource: vector.request?.resource ?? SHORTHAND_RESOURCE,
    context: vector.request?.context ?? vector.context ?? {},
  };
  if (vector.condition !== undefined) {
    const document = {
      Version: vector.version ?? '2012-10-17',
      Statement: [{ Sid: 'Cond', Effect: 'Allow', Action: '*', Resource: '*', Condition: vector.condition }],
    };
    return { request, policies: { identityPolicies: [named({ id: 'cond', document }, 'cond', 'identity')] } };
  }
  const p = vector.policies ?? {};
  const policies: PolicySet = {
    identityPolicies: (p.identity ?? []).map((input, i) => named(input, `identity-${i + 1}`, 'identity')),
    ...(p.session === undefined
      ? {}
      : { sessionPolicies: p.session.map((input, i) => named(input, `session-${i + 1}`, 'session')) }),
    ...(p.boundary === undefined ? {} : { permissionsBoundary: named(p.boundary, 'boundary', 'boundary') }),
    ...(p.resource === undefined ? {} : { resourcePolicy: named(p.resource, 'resource', 'resource') }),
    ...(p.resourceAccountId === undefined ? {} : { resourceAccountId: p.resourceAccountId }),
  };
  return { request, policies };
}
