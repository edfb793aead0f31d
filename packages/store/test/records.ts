/**
 * Small factories of realistic records for the store tests: ARNs, ids and timestamps shaped as
 * the service makes them. `n` makes each record distinct and the same `n` gives an equal record,
 * so a test can keep a pristine copy to compare with.
 */
import type { CertificateAuthorityRecord, IssuedCertificateRecord } from '@anchorage/core/acm-pca/records';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import type { ConsoleSessionRecord, ConsoleUserRecord } from '@anchorage/core/console/records';
import type { ManagedPolicyRecord, RoleRecord, TokenKeyRecord } from '@anchorage/core/iam/records';
import type { NotificationEventRecord } from '@anchorage/core/notifications/records';
import type {
  AccessKeyRecord,
  CrlRecord,
  ProfileRecord,
  SubjectRecord,
  TrustAnchorRecord,
} from '@anchorage/core/rolesanywhere/records';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

/** A UUID (the id format of Roles Anywhere resources), distinct per kind and `n`. */
export function uuid(kind: number, n: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function timestamp(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString();
}

function rolesAnywhereArn(resource: string, id: string): string {
  return `arn:aws:rolesanywhere:${REGION}:${ACCOUNT}:${resource}/${id}`;
}

/** Base64 of a PEM-looking body: the stored form of certificate and CRL data. */
function base64Pem(label: string, n: number): string {
  const body = Buffer.from(`anchorage test ${label} ${n}`).toString('base64');
  return Buffer.from(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`).toString('base64');
}

export function makeTrustAnchor(n: number, overrides: Partial<TrustAnchorRecord> = {}): TrustAnchorRecord {
  const id = uuid(1, n);
  return {
    id,
    arn: rolesAnywhereArn('trust-anchor', id),
    name: `anchor-${n}`,
    source: {
      sourceType: 'CERTIFICATE_BUNDLE',
      sourceData: { x509CertificateData: base64Pem('CERTIFICATE', n) },
    },
    enabled: true,
    notificationSettings: [
      {
        enabled: true,
        event: 'CA_CERTIFICATE_EXPIRY',
        threshold: 45,
        channel: 'ALL',
        configuredBy: 'rolesanywhere.amazonaws.com',
      },
      {
        enabled: true,
        event: 'END_ENTITY_CERTIFICATE_EXPIRY',
        threshold: 45,
        channel: 'ALL',
        configuredBy: 'rolesanywhere.amazonaws.com',
      },
    ],
    tags: [{ key: 'team', value: `platform-${n}` }],
    createdAt: timestamp(n),
    updatedAt: timestamp(n),
    ...overrides,
  };
}

export function makeProfile(n: number, overrides: Partial<ProfileRecord> = {}): ProfileRecord {
  const id = uuid(2, n);
  return {
    id,
    arn: rolesAnywhereArn('profile', id),
    name: `profile-${n}`,
    enabled: true,
    roleArns: [`arn:aws:iam::${ACCOUNT}:role/workload-${n}`],
    managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    sessionPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${n}/*` }],
    }),
    durationSeconds: 3600,
    requireInstanceProperties: false,
    acceptRoleSessionName: true,
    attributeMappings: [
      { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'OU' }] },
      { certificateField: 'x509SAN', mappingRules: [{ specifier: 'DNS' }] },
    ],
    createdBy: `arn:aws:iam::${ACCOUNT}:root`,
    tags: [],
    createdAt: timestamp(n),
    updatedAt: timestamp(n),
    ...overrides,
  };
}

export function makeCrl(n: number, overrides: Partial<CrlRecord> = {}): CrlRecord {
  const id = uuid(3, n);
  return {
    id,
    arn: rolesAnywhereArn('crl', id),
    name: `crl-${n}`,
    enabled: false,
    crlData: base64Pem('X509 CRL', n),
    trustAnchorArn: makeTrustAnchor(n).arn,
    tags: [{ key: 'source', value: 'pki' }],
    createdAt: timestamp(n),
    updatedAt: timestamp(n),
    ...overrides,
  };
}

export function makeSubject(n: number, overrides: Partial<SubjectRecord> = {}): SubjectRecord {
  const id = uuid(4, n);
  return {
    id,
    arn: rolesAnywhereArn('subject', id),
    x509Subject: `CN=workload-${n},OU=Platform,O=Example Corp,C=US`,
    enabled: true,
    lastSeenAt: timestamp(n + 60),
    credentials: [
      {
        seenAt: timestamp(n + 60),
        serialNumber: (0x1000 + n).toString(16),
        issuer: 'CN=Example Issuing CA,O=Example Corp,C=US',
        enabled: true,
        x509CertificateData: base64Pem('CERTIFICATE', n),
        failed: false,
      },
    ],
    instanceProperties: [
      { seenAt: timestamp(n + 60), properties: { hostname: `host-${n}.example.com` }, failed: false },
    ],
    createdAt: timestamp(n),
    updatedAt: timestamp(n + 60),
    ...overrides,
  };
}

export function makeAccessKey(n: number, overrides: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    // 20 characters, as AWS access key ids are.
    id: `AKIA${n.toString().padStart(16, '0')}`,
    principalArn: `arn:aws:iam::${ACCOUNT}:root`,
    sealedSecret: Buffer.from(`sealed secret ${n}`).toString('base64'),
    status: 'Active',
    createdAt: timestamp(n),
    ...overrides,
  };
}

export function makeRole(n: number, overrides: Partial<RoleRecord> = {}): RoleRecord {
  const roleName = `Role-${n}`;
  return {
    id: roleName.toLowerCase(),
    roleId: `AROA${String(n).padStart(17, '0')}`,
    roleName,
    path: '/',
    arn: `arn:aws:iam::123456789012:role/${roleName}`,
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
    description: `role ${n}`,
    maxSessionDuration: 3600,
    inlinePolicies: [{ name: 'inline', document: '{"Version":"2012-10-17","Statement":[]}' }],
    attachedPolicies: [],
    tags: [{ key: 'n', value: String(n) }],
    createDate: timestamp(n),
    ...overrides,
  };
}

export function makeManagedPolicy(
  n: number,
  overrides: Partial<ManagedPolicyRecord> = {},
): ManagedPolicyRecord {
  const policyName = `Policy-${n}`;
  return {
    id: policyName.toLowerCase(),
    policyId: `ANPA${String(n).padStart(17, '0')}`,
    policyName,
    path: '/',
    arn: `arn:aws:iam::123456789012:policy/${policyName}`,
    defaultVersionId: 'v1',
    versions: [
      { versionId: 'v1', document: '{"Version":"2012-10-17","Statement":[]}', createDate: timestamp(n) },
    ],
    nextVersion: 2,
    tags: [],
    createDate: timestamp(n),
    updateDate: timestamp(n),
    ...overrides,
  };
}

export function makeTokenKey(n: number, overrides: Partial<TokenKeyRecord> = {}): TokenKeyRecord {
  return {
    id: `k${n}`,
    sealedKey: `v1.nonce${n}.sealed${n}`,
    createdAt: timestamp(n),
    status: 'active',
    ...overrides,
  };
}

export function makeCertificateAuthority(
  n: number,
  overrides: Partial<CertificateAuthorityRecord> = {},
): CertificateAuthorityRecord {
  const id = uuid(9, n);
  return {
    id,
    arn: `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/${id}`,
    ownerAccount: ACCOUNT,
    type: 'ROOT',
    status: 'ACTIVE',
    keyAlgorithm: 'EC_prime256v1',
    signingAlgorithm: 'SHA256WITHECDSA',
    subject: { CommonName: `CA ${n}`, Organization: 'Anchorage Test' },
    sealedPrivateKey: `v1.nonce${n}.sealed${n}`,
    csrPem: `-----BEGIN CERTIFICATE REQUEST-----\nQ1NS${n}\n-----END CERTIFICATE REQUEST-----\n`,
    certificatePem: `-----BEGIN CERTIFICATE-----\nQ0VSVA${n}\n-----END CERTIFICATE-----\n`,
    certificateChainPem: '',
    serial: `0${n}`.slice(-2),
    notBefore: timestamp(n),
    notAfter: timestamp(n + 1000),
    crlNumber: 0,
    usageMode: 'GENERAL_PURPOSE',
    keyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    tags: [],
    createdAt: timestamp(n),
    lastStateChangeAt: timestamp(n),
    ...overrides,
  };
}

export function makeIssuedCertificate(
  n: number,
  overrides: Partial<IssuedCertificateRecord> = {},
): IssuedCertificateRecord {
  const ca = makeCertificateAuthority(1 + (n % 2));
  const serial = (0x1000 + n).toString(16).toUpperCase();
  return {
    id: `${ca.id}/${serial.toLowerCase()}`,
    arn: `${ca.arn}/certificate/${serial.toLowerCase()}`,
    certificateAuthorityArn: ca.arn,
    serial,
    certificatePem: `-----BEGIN CERTIFICATE-----\nTEVBRg${n}\n-----END CERTIFICATE-----\n`,
    notBefore: timestamp(n),
    notAfter: timestamp(n + 100),
    issuedAt: timestamp(n),
    ...overrides,
  };
}

export function makeNotificationEvent(
  n: number,
  overrides: Partial<NotificationEventRecord> = {},
): NotificationEventRecord {
  const id = uuid(10, n);
  const trustAnchorArn = makeTrustAnchor(1).arn;
  return {
    id,
    notificationEvent: 'CA_CERTIFICATE_EXPIRY',
    trustAnchorArn,
    certificateId: n.toString(16).padStart(64, '0'),
    evaluationDay: timestamp(n).slice(0, 10),
    event: {
      version: '0',
      id,
      'detail-type': 'Roles Anywhere Certificate Expiration State Change',
      source: 'aws.rolesanywhere',
      account: ACCOUNT,
      time: timestamp(n),
      region: REGION,
      resources: [trustAnchorArn],
      detail: {
        'certificate-serial-number': `0${n}`,
        'days-to-expiry': n % 45,
        issuer: 'CN=CA,O=Anchorage Test',
      },
    },
    deliveries: [{ channel: 'log', status: 'delivered', attempts: 1, lastAttemptAt: timestamp(n) }],
    createdAt: timestamp(n),
    ...overrides,
  };
}

export function makeAuditEvent(n: number, overrides: Partial<AuditEventRecord> = {}): AuditEventRecord {
  return {
    id: uuid(11, n),
    time: timestamp(n),
    action: n % 2 === 0 ? 'sts:AssumeRole' : 'rolesanywhere:CreateSession',
    outcome: n % 3 === 0 ? 'denied' : 'allowed',
    principal: `CN=workload-${n},O=Example`,
    sourceAddress: '127.0.0.1',
    resources: [makeTrustAnchor(1).arn, makeProfile(1).arn],
    certificate: {
      serialNumber: (0x100 + n).toString(16).toUpperCase(),
      fingerprintSha256: n.toString(16).padStart(64, '0'),
      subject: `CN=workload-${n},O=Example`,
      issuer: 'CN=CA,O=Example',
    },
    ...overrides,
  };
}

export function makeConsoleSession(
  n: number,
  overrides: Partial<ConsoleSessionRecord> = {},
): ConsoleSessionRecord {
  return {
    id: n.toString(16).padStart(64, '0'),
    principalArn: `arn:aws:iam::${ACCOUNT}:root`,
    accessKeyId: `AKIA${String(n).padStart(16, '0')}`,
    method: 'access-key',
    csrfToken: `csrf-${n}`,
    createdAt: timestamp(n),
    expiresAt: timestamp(n + 12),
    ...overrides,
  };
}

export function makeConsoleUser(n: number, overrides: Partial<ConsoleUserRecord> = {}): ConsoleUserRecord {
  return {
    id: `user-${n}`,
    passwordHash: `scrypt$16384$8$1$c2FsdA${n}$aGFzaA${n}`,
    principalArn: `arn:aws:iam::${ACCOUNT}:root`,
    createdAt: timestamp(n),
    updatedAt: timestamp(n),
    ...overrides,
  };
}
