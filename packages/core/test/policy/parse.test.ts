/**
 * Data-driven parser tests: test/vectors/policy/parse/fail.json (refusals: MalformedPolicyDocument,
 * HTTP 400, and a part of the message), ok.json (accepted documents and what they parse to) and
 * positions.json (where each statement starts and ends, as IAM's simulator reports it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type { Policy, PolicyKind, SourcePosition } from '@anchorage/core/policy/types';
import { type PolicyInput, policyText, readJson } from './support.ts';

interface ParseCase extends PolicyInput {
  readonly name: string;
  readonly source?: string;
  readonly kind: PolicyKind;
  readonly expected: {
    readonly error?: string;
    readonly version?: string;
    readonly id?: string;
    /** A count, or the statements without their positions. */
    readonly statements?: number | readonly Record<string, unknown>[];
    readonly positions?: readonly { sid?: string; start: SourcePosition; end: SourcePosition }[];
  };
}

function withoutPositions(policy: Policy): Record<string, unknown>[] {
  return policy.statements.map(({ start: _start, end: _end, ...rest }) => rest);
}

describe('parse/fail.json', () => {
  for (const vector of readJson<ParseCase[]>('parse/fail.json')) {
    test(vector.name, () => {
      assert.throws(
        () => parsePolicy(policyText(vector), vector.kind),
        (error: unknown) => {
          assert.ok(error instanceof AnchorageError, `expected AnchorageError, got ${String(error)}`);
          assert.equal(error.code, 'MalformedPolicyDocument');
          assert.equal(error.status, 400);
          assert.equal(error.fault, 'client');
          assert.ok(
            error.message.includes(vector.expected.error ?? ''),
            `message ${JSON.stringify(error.message)} lacks ${JSON.stringify(vector.expected.error)}`,
          );
          return true;
        },
      );
    });
  }
});

describe('parse/ok.json', () => {
  for (const vector of readJson<ParseCase[]>('parse/ok.json')) {
    test(vector.name, () => {
      const policy = parsePolicy(policyText(vector), vector.kind);
      const { expected } = vector;
      assert.equal(policy.kind, vector.kind);
      if (expected.version !== undefined) assert.equal(policy.version, expected.version);
      if (expected.id !== undefined) assert.equal(policy.id, expected.id);
      if (typeof expected.statements === 'number')
        assert.equal(policy.statements.length, expected.statements);
      else if (expected.statements !== undefined)
        assert.deepEqual(withoutPositions(policy), expected.statements);
    });
  }
});

describe('parse/positions.json', () => {
  for (const vector of readJson<ParseCase[]>('parse/positions.json')) {
    test(vector.name, () => {
      const policy = parsePolicy(policyText(vector), vector.kind);
      assert.deepEqual(
        policy.statements.map((s) => ({
          ...(s.sid === undefined ? {} : { sid: s.sid }),
          start: s.start,
          end: s.end,
        })),
        vector.expected.positions,
      );
    });
  }
});

test('ok/parse: the parsed policy holds no prototype-polluting keys', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'x:__proto__': 'a' } },
    },
  });
  const policy = parsePolicy(text, 'identity');
  const condition = policy.statements[0]?.condition;
  assert.deepEqual(Object.keys(condition?.StringEquals ?? {}), ['x:__proto__']);
  assert.equal(({} as Record<string, unknown>).a, undefined);
});
