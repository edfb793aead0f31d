/**
 * A ready Roles Anywhere configuration on a test server: an enabled trust anchor for a CA, a role
 * whose trust policy admits Roles Anywhere from that anchor, and an enabled profile for the role.
 * Made through the real control-plane and IAM APIs, signed like the AWS SDK signs.
 */
import assert from 'node:assert/strict';
import { readAdminCredentials } from './admin-credentials.ts';
import { sdkSignedFetch, signWithSdk } from './sdk-signed-fetch.ts';
import type { ServerProcess } from './server-process.ts';

export const ACCOUNT = '000000000000';

export interface RolesAnywhereSetup {
  readonly trustAnchorArn: string;
  readonly trustAnchorId: string;
  readonly profileArn: string;
  readonly profileId: string;
  readonly roleArn: string;
}

export async function control(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await sdkSignedFetch(
    server.url,
    readAdminCredentials(server.credentialsFile),
    method,
    path,
    {
      ...(body === undefined ? {} : { body }),
      ...(query === undefined ? {} : { query }),
    },
  );
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${JSON.stringify(response.json)}`);
  return response.json;
}

/** One IAM query-protocol call, signed by the SDK's signer. */
async function iam(server: ServerProcess, params: Record<string, string>): Promise<void> {
  const form = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
  const signed = await signWithSdk(server.url, readAdminCredentials(server.credentialsFile), 'POST', '/', {
    rawBody: form,
    service: 'iam',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(signed.url, { method: 'POST', headers, body: form });
  assert.ok(response.status < 300, `${params.Action}: ${response.status} ${await response.text()}`);
}

export function rolesAnywhereTrustPolicy(
  trustAnchorArn: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: { ArnEquals: { 'aws:SourceArn': trustAnchorArn }, ...extra },
      },
    ],
  });
}

export async function setUpRolesAnywhere(
  server: ServerProcess,
  caPem: string,
  options: {
    roleName?: string;
    profile?: Record<string, unknown>;
    trustExtra?: Record<string, unknown>;
    maxSessionDuration?: number;
  } = {},
): Promise<RolesAnywhereSetup> {
  const anchor = (
    await control(server, 'POST', '/trustanchors', {
      name: 'test-anchor',
      enabled: true,
      source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: caPem } },
    })
  ).trustAnchor as { trustAnchorArn: string; trustAnchorId: string };
  const roleName = options.roleName ?? 'Workload';
  await iam(server, {
    Action: 'CreateRole',
    RoleName: roleName,
    AssumeRolePolicyDocument: rolesAnywhereTrustPolicy(anchor.trustAnchorArn, options.trustExtra),
    ...(options.maxSessionDuration === undefined
      ? {}
      : { MaxSessionDuration: String(options.maxSessionDuration) }),
  });
  await iam(server, {
    Action: 'PutRolePolicy',
    RoleName: roleName,
    PolicyName: 'read-iam',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
    }),
  });
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
  const profile = (
    await control(server, 'POST', '/profiles', {
      name: 'test-profile',
      enabled: true,
      roleArns: [roleArn],
      ...options.profile,
    })
  ).profile as { profileArn: string; profileId: string };
  return {
    trustAnchorArn: anchor.trustAnchorArn,
    trustAnchorId: anchor.trustAnchorId,
    profileArn: profile.profileArn,
    profileId: profile.profileId,
    roleArn,
  };
}
