/**
 * The wildcard matcher: the cases in test/vectors/policy/wildcard.json, and bounded work on the
 * worst inputs a policy author and a caller can combine (a pattern of many stars against 10 KB of
 * near-matches), through the matcher and through the whole engine.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import { matchesPattern, wildPattern } from '@anchorage/core/policy/wildcard';
import { principalOf, readJson } from './support.ts';

interface WildcardCase {
  readonly name: string;
  readonly pattern: string;
  readonly text: string;
  readonly matches: boolean;
}

describe('wildcard.json', () => {
  for (const vector of readJson<WildcardCase[]>('wildcard.json')) {
    test(vector.name, () => {
      assert.equal(matchesPattern(wildPattern(vector.pattern), vector.text), vector.matches);
    });
  }
});

const TEN_KB_OF_A = 'a'.repeat(10 * 1024);
const HOSTILE = '*a*a*a*a*a*a*a*b';
/**
 * Work is counted, not timed: the two-pointer matcher takes at most (text + 1) × (pattern + 1)
 * steps, where a backtracking matcher would take exponentially many.
 */
function counted(pattern: string, text: string): { result: boolean; steps: number } {
  const counter = { steps: 0 };
  const result = matchesPattern(wildPattern(pattern), text, counter);
  return { result, steps: counter.steps };
}

test('ok/wildcard: *a*a*a*a*a*a*a*b against 10 KB of a finishes quickly and does not match', () => {
  const { result, steps } = counted(HOSTILE, TEN_KB_OF_A);
  assert.equal(result, false);
  assert.ok(steps <= (TEN_KB_OF_A.length + 1) * (HOSTILE.length + 1), `${steps} steps`);
});

test('ok/wildcard: a 10 KB pattern of stars and a against 10 KB of a', () => {
  const pattern = `${'*a'.repeat(2 * 1024)}*b`;
  const { result, steps } = counted(pattern, TEN_KB_OF_A);
  assert.equal(result, false);
  assert.ok(steps <= (TEN_KB_OF_A.length + 1) * (pattern.length + 1), `${steps} steps`);
});

test('ok/wildcard: the hostile pattern through StringLike, ArnLike, Resource and Action stays bounded', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Hostile',
        Effect: 'Allow',
        Action: `s3:${HOSTILE}`,
        Resource: `arn:aws:s3:::${HOSTILE}`,
        Condition: {
          StringLike: { 'demo:text': HOSTILE },
          ArnLike: { 'demo:arn': `arn:aws:s3:::${HOSTILE}` },
        },
      },
    ],
  };
  const policy = parsePolicy(JSON.stringify(document), 'identity');
  // Every matcher on this path is the counted one above; the test runner's timeout catches a hang.
  const result = evaluate(
    {
      principal: principalOf('role-session'),
      action: `s3:${TEN_KB_OF_A}`,
      resource: `arn:aws:s3:::${TEN_KB_OF_A}`,
      context: { 'demo:text': TEN_KB_OF_A, 'demo:arn': `arn:aws:s3:::${TEN_KB_OF_A}` },
    },
    { identityPolicies: [{ id: 'hostile', policy }] },
  );
  assert.equal(result.decision, 'ImplicitDeny');
});
