import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantTimeEqual } from '@anchorage/core/sigv4/constant-time-equal';
import { deriveSigningKey } from '@anchorage/core/sigv4/signing-key';

test('ok/signing-key: the derivation example of the AWS SigV4 documentation', () => {
  // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
  const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
  assert.equal(key.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
});

test('ok/constant-time-equal: equal and unequal strings of any lengths', () => {
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'abcd'), false);
  assert.equal(constantTimeEqual('', ''), true);
});
