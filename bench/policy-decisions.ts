/**
 * Policy decisions per second on one core, for a realistic Roles Anywhere role:
 * - the trust-policy decision CreateSession makes (a Service principal, three conditions on the
 *   trust anchor ARN, a certificate subject tag and the source identity);
 * - an authorisation decision for a request made with the session's credentials (two identity
 *   policies and a session policy, with a condition on a principal tag);
 * - both together, as one credential's life starts.
 * Policies are parsed once, as the server caches them. Prints `name value unit` lines.
 */
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import { sessionContext } from '@anchorage/core/policy/session-context';
import type { EvaluationRequest, PolicySet } from '@anchorage/core/policy/types';
import { report, runFor } from './measure.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ACCOUNT = '123456789012';
const ANCHOR = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/workloads/Reporting`;
const now = Date.UTC(2026, 10, 27, 12);

const trust = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RolesAnywhere',
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:SourceArn': ANCHOR },
          StringEquals: { 'aws:PrincipalTag/x509Subject/OU': 'Reporting' },
          StringLike: { 'sts:SourceIdentity': 'CN=report-*' },
        },
      },
    ],
  }),
  'trust',
);
const readReports = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
      },
      {
        Sid: 'OwnPrefix',
        Effect: 'Allow',
        Action: 's3:PutObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
        Resource: 'arn:aws:s3:::reports/${aws:PrincipalTag/x509Subject/CN}/*',
      },
    ],
  }),
  'identity',
);
const guardrails = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
    ],
  }),
  'identity',
);
const sessionPolicy = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  }),
  'session',
);

const tags = { 'x509Subject/CN': 'report-7', 'x509Subject/OU': 'Reporting', 'x509Issuer/CN': 'Example CA' };
const trustRequest: EvaluationRequest = {
  principal: { type: 'Service', service: 'rolesanywhere.amazonaws.com' },
  action: 'sts:AssumeRole',
  resource: ROLE,
  context: {
    'aws:SourceArn': ANCHOR,
    'aws:SourceAccount': ACCOUNT,
    'sts:SourceIdentity': 'CN=report-7',
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
  },
};
const trustPolicies: PolicySet = {
  identityPolicies: [],
  resourcePolicy: { id: 'trust', policy: trust },
  resourceAccountId: ACCOUNT,
};

const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/Reporting/0123456789ABCDEF`;
const accessRequest: EvaluationRequest = {
  principal: { type: 'AssumedRole', accountId: ACCOUNT, arn: sessionArn, roleArn: ROLE },
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::reports/report-7/2026-11-27.csv',
  context: sessionContext({
    principalArn: ROLE,
    accountId: ACCOUNT,
    roleId: 'AROAABCDEFGHIJKLMNOPQ',
    sessionName: '0123456789ABCDEF',
    sessionTags: tags,
    sourceIdentity: 'CN=report-7',
    tokenIssueTime: now - 60_000,
    now,
    sourceIp: '10.1.2.3',
    secureTransport: true,
  }),
};
const accessPolicies: PolicySet = {
  identityPolicies: [
    { id: 'ReadReports', policy: readReports },
    { id: 'Guardrails', policy: guardrails },
  ],
  sessionPolicies: [{ id: 'profile-session-policy', policy: sessionPolicy }],
  resourceAccountId: ACCOUNT,
};

for (const [request, policies] of [
  [trustRequest, trustPolicies],
  [accessRequest, accessPolicies],
] as const) {
  const decision = evaluate(request, policies);
  if (decision.decision !== 'Allowed')
    throw new Error(`benchmark scenario is not allowed: ${decision.reason}`);
}

const trustRate = await runFor(SECONDS, () => {
  evaluate(trustRequest, trustPolicies);
});
report('policy_trust_decisions_per_second_per_core', trustRate.perSecond, 'ops/s');
const accessRate = await runFor(SECONDS, () => {
  evaluate(accessRequest, accessPolicies);
});
report('policy_access_decisions_per_second_per_core', accessRate.perSecond, 'ops/s');
const both = await runFor(SECONDS, () => {
  evaluate(trustRequest, trustPolicies);
  evaluate(accessRequest, accessPolicies);
});
report('policy_role_decisions_per_second_per_core', both.perSecond, 'ops/s');
