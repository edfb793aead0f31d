/**
 * `POST /sessions` (CreateSession), as named steps:
 *
 *   authenticateCertificate → readRequest → resolveTrustAnchor → resolveProfile →
 *   checkRoleInProfile → checkSessionName → checkInstanceProperties → validateCertificatePath →
 *   resolveRole → settleDuration → deriveSessionIdentity → checkRoleTrust → mintCredentials →
 *   recordSubject
 *
 * Every refusal is an AnchorageError whose `reason` says exactly which check failed and for which
 * certificate; the edge logs it under the request id. Once the signature has verified, the
 * attempt is recorded on the certificate's subject, failed or not (an unverified request cannot
 * create or touch subjects).
 */

import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import { AnchorageError, validationError } from '@anchorage/core/errors';
import type { RoleRecord } from '@anchorage/core/iam/records';
import { isLocal, parseResourceArn, type ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { CrlRecord, ProfileRecord, TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import { certificateTags } from '@anchorage/core/session/certificate-tags';
import {
  type CreateSessionRequest,
  readCreateSessionRequest,
} from '@anchorage/core/session/create-session-request';
import {
  CERTIFICATE_REVOKED,
  sessionDenied,
  UNTRUSTED_CERTIFICATE,
} from '@anchorage/core/session/session-denied';
import { sessionDurationSeconds } from '@anchorage/core/session/session-duration';
import {
  readSessionSigner,
  type SessionSigner,
  verifySessionSignature,
} from '@anchorage/core/session/session-signer';
import { defaultSessionName, sourceIdentityOf } from '@anchorage/core/session/source-identity';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { packedPolicySize } from '@anchorage/core/sts/packed-size';
import { assumedRoleArn, assumedRoleUserId } from '@anchorage/core/sts/session-claims';
import type { CertificateCache } from '@anchorage/core/x509/certificate-cache';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { type ValidationCache, validationCacheKey } from '@anchorage/core/x509/path/validation-cache';
import { encodePem } from '@anchorage/core/x509/pem';
import type { Store } from '@anchorage/store/port';
import type { RequestFacts } from '../authz/caller-policies.ts';
import { parsePolicyCached } from '../authz/policy-cache.ts';
import { entityId } from '../iam/iam-lookup.ts';
import type { AdmitSession } from '../limits/session-admission.ts';
import type { KeyRing } from '../sts/key-ring.ts';
import { mintTemporaryCredentials } from '../sts/temporary-credentials.ts';
import type { SessionReads } from './session-reads.ts';
import type { SubjectRecorder } from './subject-recorder.ts';
import type { TrustDecisions } from './trust-decisions.ts';
import type { TrustMaterialSource } from './trust-material.ts';

export interface CreateSessionDeps {
  /** Rate limit per trust anchor and replay cache (limits/session-admission.ts). */
  readonly admit?: AdmitSession;
  readonly store: Store;
  readonly location: ServiceLocation;
  readonly keyRing: KeyRing;
  readonly trust: TrustMaterialSource;
  readonly validationCache: ValidationCache;
  readonly subjects: SubjectRecorder;
  readonly certificates: CertificateCache;
  readonly reads: { current(): Promise<SessionReads> };
  readonly trustDecisions: TrustDecisions;
}

export interface CreateSessionCall {
  readonly signed: SignedRequest;
  readonly query: ReadonlyMap<string, readonly string[]>;
  readonly body: Readonly<Record<string, unknown>>;
  readonly facts: RequestFacts;
}

/** Filled in as the steps learn it, for the log line and audit record of the attempt. */
export interface SessionTrace {
  certificate?: { serial: string; sha256: string; subject: string; issuer: string };
  trustAnchorArn?: string;
  profileArn?: string;
  roleArn?: string;
  subjectArn?: string;
  /** A granted session's assumed-role ARN and expiry (ISO-8601). */
  assumedRoleArn?: string;
  expiresAt?: string;
}

const ACCESS_DENIED = 'Access denied';

export async function createSession(
  deps: CreateSessionDeps,
  call: CreateSessionCall,
  trace: SessionTrace,
): Promise<object> {
  const now = call.facts.now;
  const signer = authenticateCertificate(deps, call.signed, now, trace);
  try {
    return await issue(deps, call, signer, trace);
  } catch (error) {
    if (error instanceof AnchorageError && error.fault === 'client') {
      trace.subjectArn = await recordSubject(deps, signer, call, true, trace.trustAnchorArn);
    }
    throw error;
  }
}

async function issue(
  deps: CreateSessionDeps,
  call: CreateSessionCall,
  signer: VerifiedSigner,
  trace: SessionTrace,
): Promise<object> {
  const now = call.facts.now;
  const reads = await deps.reads.current();
  const request = readCreateSessionRequest(call.query, call.body);
  trace.trustAnchorArn = request.trustAnchorArn;
  trace.profileArn = request.profileArn;
  trace.roleArn = request.roleArn;
  const anchor = await resolveTrustAnchor(deps, reads, request.trustAnchorArn);
  const profile = await resolveProfile(deps, reads, request.profileArn);
  checkRoleInProfile(profile, request.roleArn);
  checkSessionName(profile, request);
  checkInstanceProperties(profile, request);
  const privateCa = await privateCaOf(reads, anchor);
  await validateCertificatePath(deps, signer, anchor, await reads.crls(anchor.arn), privateCa, now);
  // The anchor's rate limit and the replay cache, once the request is proven to be the anchor's.
  await deps.admit?.({ trustAnchorArn: anchor.arn, signer, stringToSign: signer.stringToSign });
  const role = await resolveRole(deps, reads, request.roleArn);
  const durationSeconds = sessionDurationSeconds(
    request.durationSeconds,
    profile.durationSeconds,
    role.maxSessionDuration,
  );

  const { tags, dropped } = certificateTags(signer.leaf, profile.attributeMappings);
  const sourceIdentity = sourceIdentityOf(signer.leaf);
  const sessionName = request.roleSessionName ?? defaultSessionName(signer.leaf);
  const trust = deps.trustDecisions.decide(
    {
      trustPolicy: parsePolicyCached(role.assumeRolePolicyDocument, 'trust'),
      roleArn: role.arn,
      accountId: deps.location.accountId,
      trustAnchorArn: anchor.arn,
      tags,
      sourceIdentity,
      sessionName,
      now,
      ...(call.facts.sourceIp === undefined ? {} : { sourceIp: call.facts.sourceIp }),
      ...(call.facts.secureTransport === undefined ? {} : { secureTransport: call.facts.secureTransport }),
    },
    role.assumeRolePolicyDocument,
  );
  if (!trust.allowed) {
    const note =
      dropped.length > 0
        ? ` (certificate attributes dropped as invalid tag values: ${dropped.join(', ')})`
        : '';
    const why =
      trust.explanation === undefined
        ? trust.decision.reason
        : `${trust.decision.reason}; ${trust.explanation}`;
    throw sessionDenied(ACCESS_DENIED, `role trust policy refuses ${trust.action}: ${why}${note}`);
  }

  const packedSize = packedPolicySize(profile.sessionPolicy, profile.managedPolicyArns, tags);
  const credentials = await mintTemporaryCredentials(
    deps.keyRing,
    {
      partition: deps.location.partition,
      accountId: deps.location.accountId,
      roleArn: role.arn,
      roleId: role.roleId,
      roleName: role.roleName,
      sessionName,
      sourceIdentity,
      tags,
      transitiveTagKeys: [],
      ...(profile.sessionPolicy === undefined ? {} : { sessionPolicy: profile.sessionPolicy }),
      sessionPolicyArns: profile.managedPolicyArns,
      issuedAt: now,
      expiresAt: now + durationSeconds * 1000,
      chained: false,
      issuedBy: 'rolesanywhere:CreateSession',
    },
    now,
  );
  const subjectArn = await recordSubject(deps, signer, call, false, anchor.arn);
  trace.subjectArn = subjectArn;
  trace.assumedRoleArn = assumedRoleArn(credentials.claims);
  trace.expiresAt = new Date(credentials.expiration).toISOString();
  return {
    credentialSet: [
      {
        assumedRoleUser: {
          arn: assumedRoleArn(credentials.claims),
          assumedRoleId: assumedRoleUserId(credentials.claims),
        },
        credentials: {
          accessKeyId: credentials.accessKeyId,
          // RFC 3339 without fractions: the official helper parses it with Go's time.RFC3339 (§2.6).
          expiration: `${new Date(credentials.expiration).toISOString().slice(0, 19)}Z`,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
        packedPolicySize: packedSize,
        roleArn: role.arn,
        sourceIdentity,
      },
    ],
    subjectArn,
  };
}

/** The signer of a request whose signature verified, with the string to sign it verified over. */
type VerifiedSigner = SessionSigner & { readonly stringToSign: string };

function authenticateCertificate(
  deps: CreateSessionDeps,
  signed: SignedRequest,
  now: number,
  trace: SessionTrace,
): VerifiedSigner {
  const signer = readSessionSigner(signed, deps.location.region, now, deps.certificates);
  trace.certificate = {
    serial: signer.leaf.serialNumberHex,
    sha256: signer.leaf.fingerprintSha256,
    subject: signer.leaf.subject.rfc4514,
    issuer: signer.leaf.issuer.rfc4514,
  };
  return { ...signer, stringToSign: verifySessionSignature(signed, signer) };
}

async function resolveTrustAnchor(
  deps: CreateSessionDeps,
  reads: SessionReads,
  arnText: string,
): Promise<TrustAnchorRecord> {
  const arn = parseResourceArn(arnText);
  if (arn === undefined || arn.type !== 'trust-anchor')
    throw validationError('trustAnchorArn is not a trust anchor ARN');
  const anchor = isLocal(arn, deps.location) ? await reads.trustAnchor(arn.id) : undefined;
  if (anchor === undefined)
    throw sessionDenied(UNTRUSTED_CERTIFICATE, `no trust anchor ${arnText} in this account and region`);
  if (!anchor.enabled) throw sessionDenied(UNTRUSTED_CERTIFICATE, `trust anchor ${arnText} is disabled`);
  return anchor;
}

async function resolveProfile(
  deps: CreateSessionDeps,
  reads: SessionReads,
  arnText: string,
): Promise<ProfileRecord> {
  const arn = parseResourceArn(arnText);
  if (arn === undefined || arn.type !== 'profile') throw validationError('profileArn is not a profile ARN');
  const profile = isLocal(arn, deps.location) ? await reads.profile(arn.id) : undefined;
  if (profile === undefined)
    throw sessionDenied(ACCESS_DENIED, `no profile ${arnText} in this account and region`);
  if (!profile.enabled) throw sessionDenied(ACCESS_DENIED, `profile ${arnText} is disabled`);
  return profile;
}

function checkRoleInProfile(profile: ProfileRecord, roleArn: string): void {
  if (!profile.roleArns.includes(roleArn)) {
    throw sessionDenied(
      "Requested Role isn't one of those listed in the Profile.",
      `role ${roleArn} is not in profile ${profile.arn}`,
    );
  }
}

function checkSessionName(profile: ProfileRecord, request: CreateSessionRequest): void {
  if (request.roleSessionName !== undefined && !profile.acceptRoleSessionName) {
    throw sessionDenied(
      'Not authorized to set roleSessionName.',
      `profile ${profile.arn} does not accept roleSessionName`,
    );
  }
}

function checkInstanceProperties(profile: ProfileRecord, request: CreateSessionRequest): void {
  if (profile.requireInstanceProperties && request.instanceProperties === undefined) {
    throw validationError(`instanceProperties are required by profile ${profile.arn}`);
  }
}

/** The private CA an AWS_ACM_PCA anchor names (the id is the ARN's last path segment). */
async function privateCaOf(
  reads: SessionReads,
  anchor: TrustAnchorRecord,
): Promise<CertificateAuthorityRecord | undefined> {
  const arn = anchor.source.sourceType === 'AWS_ACM_PCA' ? anchor.source.sourceData.acmPcaArn : undefined;
  if (arn === undefined) return undefined;
  return reads.certificateAuthority(arn.slice(arn.lastIndexOf('/') + 1));
}

async function validateCertificatePath(
  deps: CreateSessionDeps,
  signer: SessionSigner,
  anchor: TrustAnchorRecord,
  crlRecords: readonly CrlRecord[],
  privateCa: CertificateAuthorityRecord | undefined,
  now: number,
): Promise<void> {
  const material = deps.trust.forAnchor(anchor, crlRecords, privateCa);
  const input = {
    leaf: signer.leaf,
    intermediates: signer.chain,
    anchors: material.anchors,
    crls: material.crls,
    now,
  };
  const key = validationCacheKey(input, material.anchorsVersion, material.crlsVersion);
  if (deps.validationCache.get(key, now) !== undefined) return;
  const result = validatePath(input);
  if (!result.ok) {
    throw sessionDenied(
      result.code === 'revoked' ? CERTIFICATE_REVOKED : UNTRUSTED_CERTIFICATE,
      `${result.code}: ${result.reason}`,
    );
  }
  deps.validationCache.set(key, result, now);
}

async function resolveRole(
  deps: CreateSessionDeps,
  reads: SessionReads,
  roleArn: string,
): Promise<RoleRecord> {
  const m = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  const role =
    m !== null && m[1] === deps.location.partition && m[2] === deps.location.accountId && m[3] !== undefined
      ? await reads.role(entityId(m[3]))
      : undefined;
  if (role === undefined || role.arn !== roleArn)
    throw sessionDenied(ACCESS_DENIED, `no role ${roleArn} in this account`);
  return role;
}

async function recordSubject(
  deps: CreateSessionDeps,
  signer: SessionSigner,
  call: CreateSessionCall,
  failed: boolean,
  trustAnchorArn: string | undefined,
): Promise<string> {
  const instanceProperties = call.body.instanceProperties;
  return deps.subjects.record({
    x509Subject: signer.leaf.subject.rfc4514,
    certificate: {
      serialNumber: signer.leaf.serialNumberHex,
      issuer: signer.leaf.issuer.rfc4514,
      x509CertificateData: encodePem('CERTIFICATE', signer.leaf.der),
      ...(trustAnchorArn === undefined ? {} : { trustAnchorArn }),
    },
    ...(isStringMap(instanceProperties) ? { instanceProperties } : {}),
    failed,
    at: call.facts.now,
  });
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
