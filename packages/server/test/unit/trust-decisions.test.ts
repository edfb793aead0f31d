import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import { createTrustDecisions } from '../../src/sessions/trust-decisions.ts';

const ANCHOR = 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a';
const policyText = (condition: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: condition,
      },
    ],
  });

const question = (text: string, now: number, sourceIdentity = 'CN=a') => ({
  trustPolicy: parsePolicy(text, 'trust'),
  roleArn: 'arn:aws:iam::123456789012:role/r',
  accountId: '123456789012',
  trustAnchorArn: ANCHOR,
  tags: [],
  sourceIdentity,
  sessionName: '01',
  now,
});

test('ok/the same question is answered once; another certificate is another question', () => {
  const decisions = createTrustDecisions(10);
  const text = policyText({ ArnEquals: { 'aws:SourceArn': ANCHOR } });
  const first = decisions.decide(question(text, 1_000), text);
  assert.equal(first.allowed, true);
  assert.equal(decisions.decide(question(text, 999_999_000), text), first, 'remembered across time');
  const other = policyText({ StringEquals: { 'sts:SourceIdentity': 'CN=a' } });
  assert.equal(decisions.decide(question(other, 1_000, 'CN=b'), other).allowed, false);
  assert.equal(decisions.decide(question(other, 1_000, 'CN=a'), other).allowed, true);
});

test('ok/a policy that looks at the time is evaluated every time', () => {
  const decisions = createTrustDecisions(10);
  const text = policyText({ DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } });
  assert.equal(decisions.decide(question(text, Date.UTC(2025, 0, 1)), text).allowed, true);
  assert.equal(decisions.decide(question(text, Date.UTC(2027, 0, 1)), text).allowed, false);
});
