/**
 * Size rules: IAM counts characters without white space, and the limits callers enforce. The parser
 * itself refuses text longer than IAM's policy document type allows, before reading it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import {
  MANAGED_POLICY_MAX_SIZE,
  parsePolicy,
  policySize,
  ROLE_INLINE_POLICIES_MAX_SIZE,
  ROLE_TRUST_POLICY_MAX_SIZE,
  SESSION_POLICY_MAX_SIZE,
} from '@anchorage/core/policy/parse-policy';

test('ok/limits: the documented IAM quotas', () => {
  assert.equal(MANAGED_POLICY_MAX_SIZE, 6144);
  assert.equal(ROLE_TRUST_POLICY_MAX_SIZE, 2048);
  assert.equal(ROLE_INLINE_POLICIES_MAX_SIZE, 10240);
  assert.equal(SESSION_POLICY_MAX_SIZE, 2048);
});

test('ok/policySize: white space (spaces, tabs, line breaks) is not counted', () => {
  assert.equal(policySize('{ "a" : 1 }'), 7);
  assert.equal(policySize('{\n\t"a":\r\n 1\n}'), 7);
  assert.equal(policySize(''), 0);
  assert.equal(policySize('"a b"'), 4);
});

test('fail/parse: text longer than 131,072 characters is refused before it is read', () => {
  const text = `{"Statement": [], "Id": "${' '.repeat(140_000)}"}`;
  assert.throws(
    () => parsePolicy(text, 'identity'),
    (error: unknown) =>
      error instanceof AnchorageError &&
      error.code === 'MalformedPolicyDocument' &&
      error.message.includes('at most 131072 are accepted'),
  );
});
