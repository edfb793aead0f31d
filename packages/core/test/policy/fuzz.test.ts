/**
 * Property-style tests on hostile input: thousands of random mutations of valid policies (text
 * edits and structural edits, from a fixed seed so failures reproduce) are either accepted or
 * refused with MalformedPolicyDocument, never with another error and never slowly; whatever is
 * accepted evaluates without throwing and gives one of the three decisions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type { PolicyKind } from '@anchorage/core/policy/types';
import { type EvaluationCase, policyText, principalOf, readJson, vectorFiles } from './support.ts';

/** An IAM policy variable, written so that no one mistakes it for a template placeholder. */
const USERNAME_VARIABLE = '$' + '{aws:username}';

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = { text: 20261127, structure: 5318008 };
const ROUNDS = 3000;

interface Seed {
  readonly text: string;
  readonly kind: PolicyKind;
}

/** Every policy document of the evaluation vectors, with the kind it was written for. */
function seeds(): Seed[] {
  const found: Seed[] = [];
  for (const folder of ['evaluation', 'aws-docs', 'matching', 'variables']) {
    for (const file of vectorFiles(folder)) {
      for (const vector of readJson<EvaluationCase[]>(file)) {
        const p = vector.policies ?? {};
        for (const input of [...(p.identity ?? []), ...(p.session ?? [])])
          found.push({ text: policyText(input), kind: 'identity' });
        if (p.boundary !== undefined) found.push({ text: policyText(p.boundary), kind: 'boundary' });
        if (p.resource !== undefined)
          found.push({ text: policyText(p.resource), kind: p.resource.kind ?? 'resource' });
      }
    }
  }
  return found;
}

const ALPHABET = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '*',
  '?',
  '$',
  '{',
  'u',
  '0',
  ' ',
  '\n',
  'é',
  '\u0000',
  'true',
  'null',
  '-1e999',
  '${',
  USERNAME_VARIABLE,
  '"Effect"',
  '"Allow"',
  '"Deny"',
];

function mutateText(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    case 1:
      return text.slice(0, at) + pick(ALPHABET) + text.slice(at);
    case 2: {
      const from = Math.floor(random() * text.length);
      return text.slice(0, at) + text.slice(from, from + Math.floor(random() * 40)) + text.slice(at);
    }
    case 3:
      return text.slice(0, at) + pick(ALPHABET) + text.slice(at + 1);
    default:
      return text.slice(0, at);
  }
}

const VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1.5,
  '',
  '*',
  'Allow',
  'Deny',
  's3:*',
  'arn:aws:s3:::b/*',
  [],
  {},
  ['*'],
  { AWS: '*' },
  { StringEquals: { 'aws:username': USERNAME_VARIABLE } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['*'] } },
  { Null: { 'aws:x': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
];
const KEYS = [
  'Version',
  'Statement',
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'Foo',
  '__proto__',
  'constructor',
];

function mutateValue(value: unknown, random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  if (depth > 6 || random() < 0.15) return pick(VALUES);
  if (Array.isArray(value)) {
    const copy = value.map((item) => (random() < 0.3 ? mutateValue(item, random, depth + 1) : item));
    if (random() < 0.2) copy.push(pick(VALUES));
    if (random() < 0.2) copy.pop();
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(() => random() > 0.1);
    const mutated = entries.map(([key, item]) => [
      key,
      random() < 0.4 ? mutateValue(item, random, depth + 1) : item,
    ]);
    if (random() < 0.2) mutated.push([pick(KEYS), pick(VALUES)]);
    return Object.fromEntries(mutated);
  }
  return random() < 0.5 ? pick(VALUES) : value;
}

const KINDS: readonly PolicyKind[] = ['identity', 'session', 'boundary', 'trust', 'resource'];

function check(text: string, kind: PolicyKind, label: string): void {
  let policy: ReturnType<typeof parsePolicy> | undefined;
  try {
    policy = parsePolicy(text, kind);
  } catch (error) {
    assert.ok(
      error instanceof AnchorageError,
      `${label}: threw ${String(error)} for ${JSON.stringify(text)}`,
    );
    assert.equal(error.code, 'MalformedPolicyDocument', label);
  }
  if (policy !== undefined) {
    const resourcePolicy = kind === 'trust' || kind === 'resource';
    const decision = evaluate(
      {
        principal: principalOf('role-session'),
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/alice/x',
        context: { 'aws:username': 'alice', 'aws:TagKeys': ['a'], 'aws:SourceIp': '10.1.2.3' },
      },
      resourcePolicy
        ? { identityPolicies: [], resourcePolicy: { id: 'fuzz', policy }, resourceAccountId: '111122223333' }
        : { identityPolicies: [{ id: 'fuzz', policy }], sessionPolicies: [{ id: 'fuzz', policy }] },
    );
    assert.ok(['Allowed', 'ExplicitDeny', 'ImplicitDeny'].includes(decision.decision), label);
    assert.equal(typeof decision.reason, 'string');
  }
}

const SEED_POLICIES = seeds();

test('ok/fuzz: the seed policies are all valid to begin with', () => {
  assert.ok(SEED_POLICIES.length > 50);
  for (const seed of SEED_POLICIES) parsePolicy(seed.text, seed.kind);
});

test(`ok/fuzz: ${ROUNDS} random text mutations parse or are refused with MalformedPolicyDocument`, () => {
  const random = generator(SEEDS.text);
  for (let round = 0; round < ROUNDS; round += 1) {
    const seed = SEED_POLICIES[Math.floor(random() * SEED_POLICIES.length)] as Seed;
    let text = seed.text;
    const edits = 1 + Math.floor(random() * 4);
    for (let edit = 0; edit < edits; edit += 1) text = mutateText(text, random);
    check(text, KINDS[Math.floor(random() * KINDS.length)] as PolicyKind, `text round ${round}`);
  }
});

test(`ok/fuzz: ${ROUNDS} random structural mutations parse or are refused with MalformedPolicyDocument`, () => {
  const random = generator(SEEDS.structure);
  for (let round = 0; round < ROUNDS; round += 1) {
    const seed = SEED_POLICIES[Math.floor(random() * SEED_POLICIES.length)] as Seed;
    const mutated = mutateValue(JSON.parse(seed.text), random, 0);
    check(
      JSON.stringify(mutated) ?? 'undefined',
      KINDS[Math.floor(random() * KINDS.length)] as PolicyKind,
      `structure round ${round}`,
    );
  }
});

test('ok/fuzz: deep and wide documents are refused or parsed quickly', () => {
  const trust = (principal: unknown): string =>
    JSON.stringify({ Statement: { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' } });
  check(
    trust({ AWS: `arn:aws:iam::111122223333:role/${'a/'.repeat(900)}!` }),
    'trust',
    'principal path near the cap',
  );
  check(
    trust({ AWS: `arn:aws:iam::111122223333:role/${'a/'.repeat(50_000)}x` }),
    'trust',
    'principal path over the cap',
  );
  check(trust({ Service: `a${'.'.repeat(50_000)}!` }), 'trust', 'service name of dots');
  const identity = (resource: string, value: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: resource,
        Condition: { StringLike: { 'aws:username': value } },
      },
    });
  /** The two characters that open a policy variable. */
  const openings = String.fromCharCode(36, 123);
  check(
    identity(`arn:aws:s3:::b/${openings.repeat(30_000)}}`, 'x'),
    'identity',
    'many variable openings in Resource',
  );
  check(
    identity('*', `${openings.repeat(30_000)}}`),
    'identity',
    'many variable openings in a condition value',
  );
  check(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'identity', 'deep arrays');
  check(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, 'identity', 'deep objects');
  check(
    `{"Statement":[${Array.from({ length: 2_000 }, () => '{"Effect":"Allow","Action":"*","Resource":"*"}').join(',')}]}`,
    'identity',
    'many statements',
  );
  check(
    `{"Statement":{"Effect":"Allow","Action":[${Array.from({ length: 5_000 }, (_, i) => `"s3:A${i}*"`).join(',')}],"Resource":"*"}}`,
    'identity',
    'many actions',
  );
  check(
    `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:username":"${'*'.repeat(50_000)}"}}}}`,
    'identity',
    'long pattern',
  );
});
