/**
 * Workloads on a test server's private CA, through the real APIs: an active CA (its key made and
 * sealed by the server), a workload certificate it issues, temporary credentials for that
 * certificate (CreateSession), and a call made with them. Used wherever a test needs every kind
 * of stored secret to exist and then to prove each still works.
 */
import assert from 'node:assert/strict';
import { type ApiClient, ApiError, createApiClient } from '../../src/client/api-client.ts';
import {
  type CaKeyAlgorithm,
  createCertificateAuthority,
  issueCertificate,
} from '../../src/client/private-ca.ts';
import { readAdminCredentials } from './admin-credentials.ts';
import { identityFromPem, type TestIdentity } from './certificates.ts';
import { createSession } from './create-session-client.ts';
import type { RolesAnywhereSetup } from './roles-anywhere-setup.ts';
import type { ServerProcess } from './server-process.ts';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export function adminClient(server: ServerProcess): ApiClient {
  return createApiClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { ...readAdminCredentials(server.credentialsFile), source: 'test' },
  });
}

export async function createActiveCa(
  server: ServerProcess,
  keyAlgorithm: CaKeyAlgorithm = 'EC_prime256v1',
  name = 'Test Root',
): Promise<{ arn: string; certificatePem: string }> {
  const created = await createCertificateAuthority(adminClient(server), {
    type: 'ROOT',
    keyAlgorithm,
    subject: `CN=${name},O=Anchorage Test`,
    validityDays: 365,
  });
  assert.equal(created.status, 'ACTIVE');
  return { arn: created.arn, certificatePem: created.certificatePem ?? '' };
}

/** A workload certificate the server's CA signs now (its key made here), ready for CreateSession. */
export async function issueWorkload(
  server: ServerProcess,
  caArn: string,
  name = 'workload',
): Promise<TestIdentity> {
  const issued = await issueCertificate(adminClient(server), {
    caArn,
    subject: `CN=${name},O=Anchorage Test`,
    validityDays: 30,
  });
  return identityFromPem(issued.certificatePem, issued.privateKeyPem ?? '');
}

/** Each call asks for a different duration: the server accepts a signature only once (replay protection). */
let sessions = 0;

export async function mintSession(
  server: ServerProcess,
  setup: RolesAnywhereSetup,
  workload: TestIdentity,
): Promise<TemporaryCredentials & { requestId: string | undefined }> {
  sessions++;
  const session = await createSession({
    endpoint: server.url,
    arns: setup,
    certificate: workload.der,
    privateKey: workload.privateKey,
    serial: workload.serial,
    body: { durationSeconds: 3600 - (sessions % 2000) },
  });
  assert.equal(session.status, 201, JSON.stringify(session.json));
  const credentials = (session.json.credentialSet as { credentials: TemporaryCredentials }[])[0]?.credentials;
  assert.ok(credentials !== undefined);
  return { ...credentials, requestId: session.requestId };
}

/**
 * IAM GetRole signed with temporary credentials (the roles setUpRolesAnywhere makes may iam:Get*):
 * the HTTP status, 200 when the server opens the session token and accepts the signature.
 */
export async function getRoleWith(
  server: ServerProcess,
  credentials: TemporaryCredentials,
  roleName = 'Workload',
): Promise<{ status: number; code?: string }> {
  const client = createApiClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { ...credentials, source: 'test' },
  });
  try {
    await client.iam('GetRole', { RoleName: roleName });
    return { status: 200 };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
}
