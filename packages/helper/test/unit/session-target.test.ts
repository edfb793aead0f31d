/** Endpoint and region resolution as the official helper does it (protocol notes §2.1). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HelperError } from '../../src/helper-error.ts';
import { resolveSessionTarget } from '../../src/session/session-target.ts';

const arns = {
  trustAnchorArn:
    'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11',
  profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/7d3f1c2b-9e4a-4c1d-8b6e-2f5a9c0d1e22',
  roleArn: 'arn:aws:iam::123456789012:role/team/Workload',
  durationSeconds: 3600,
};

test("ok/default: the regional AWS endpoint and the trust anchor's region", () => {
  const t = resolveSessionTarget(arns, {});
  assert.equal(t.url.href, 'https://rolesanywhere.eu-west-1.amazonaws.com/');
  assert.equal(t.region, 'eu-west-1');
});

test('ok/--endpoint beats AWS_ENDPOINT_URL_ROLESANYWHERE beats AWS_ENDPOINT_URL; --region beats the ARN', () => {
  assert.equal(resolveSessionTarget(arns, { AWS_ENDPOINT_URL: 'http://b:1' }).url.href, 'http://b:1/');
  assert.equal(
    resolveSessionTarget(arns, {
      AWS_ENDPOINT_URL: 'http://b:1',
      AWS_ENDPOINT_URL_ROLESANYWHERE: 'http://a:1',
    }).url.href,
    'http://a:1/',
  );
  const t = resolveSessionTarget(
    { ...arns, endpoint: 'ra.example.com:8443', region: 'us-east-1' },
    { AWS_ENDPOINT_URL: 'http://b:1' },
  );
  assert.equal(t.url.href, 'https://ra.example.com:8443/');
  assert.equal(t.region, 'us-east-1');
});

for (const [label, change, message] of [
  [
    'regions differ',
    { profileArn: arns.profileArn.replace('eu-west-1', 'us-east-1') },
    /trust anchor and profile regions don't match/,
  ],
  ['bad trust anchor ARN', { trustAnchorArn: 'nope' }, /invalid trust anchor ARN/],
  ['profile ARN given as trust anchor', { trustAnchorArn: arns.profileArn }, /invalid trust anchor ARN/],
  ['bad role ARN', { roleArn: 'arn:aws:iam::1:role/x' }, /invalid role ARN/],
  ['duration too short', { durationSeconds: 899 }, /between 900 and 43200/],
  ['session name with a space', { roleSessionName: 'a b' }, /--role-session-name/],
  ['endpoint with a query', { endpoint: 'https://x/?a=1' }, /must not carry/],
  ['endpoint of another scheme', { endpoint: 'ftp://x' }, /http:\/\/ or https:\/\//],
] as const) {
  test(`fail/${label}`, () => {
    assert.throws(
      () => resolveSessionTarget({ ...arns, ...change }, {}),
      (e: unknown) => e instanceof HelperError && message.test(e.message),
    );
  });
}
