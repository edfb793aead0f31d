/**
 * CreateCertificateAuthority, as named steps: check the configuration (key and signing algorithm,
 * subject, tags) → choose the id (derived from the IdempotencyToken when one is given) → make the
 * key pair → seal its private key → build and sign the CA's CSR → store the CA as
 * PENDING_CERTIFICATE (AWS passes through CREATING on its own; here the key exists at once).
 */
import type {
  Asn1Subject,
  CaSigningAlgorithm,
  CertificateAuthorityRecord,
  CertificateAuthorityType,
} from '@anchorage/core/acm-pca/records';
import { buildCsr } from '@anchorage/core/x509/build/csr';
import { encodePem } from '@anchorage/core/x509/pem';
import { DuplicateIdError } from '@anchorage/store/port';
import { checkKeyAlgorithm, signingHash } from './algorithms.ts';
import { caArn } from './arns.ts';
import { generateCaKey, sealCaKey } from './ca-key.ts';
import type { AcmPcaContext, AcmPcaHandler } from './context.ts';
import { derivedUuid, idempotencyWindows, isRecent } from './idempotency.ts';
import { encodeSubject } from './subject.ts';
import { mergeTags, type WireTag } from './tags.ts';

interface CreateInput {
  readonly CertificateAuthorityConfiguration: {
    readonly KeyAlgorithm: string;
    readonly SigningAlgorithm: string;
    readonly Subject: Asn1Subject;
  };
  readonly CertificateAuthorityType: CertificateAuthorityType;
  readonly RevocationConfiguration?: unknown;
  readonly IdempotencyToken?: string;
  readonly KeyStorageSecurityStandard?: string;
  readonly Tags?: readonly WireTag[];
  readonly UsageMode?: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
}

/** The model's documented default. */
const DEFAULT_KEY_STORAGE = 'FIPS_140_2_LEVEL_3_OR_HIGHER';

export const createCertificateAuthority: AcmPcaHandler<CreateInput> = async (input, ctx) => {
  const config = input.CertificateAuthorityConfiguration;
  const keyAlgorithm = checkKeyAlgorithm(config.KeyAlgorithm);
  const hash = signingHash(keyAlgorithm, config.SigningAlgorithm);
  const subject = encodeSubject(config.Subject, 'CertificateAuthorityConfiguration.Subject');
  const tags = mergeTags([], input.Tags ?? []);

  const token = input.IdempotencyToken;
  const earlier = token === undefined ? undefined : await earlierCreation(ctx, token);
  if (earlier !== undefined) return { CertificateAuthorityArn: earlier };
  const id = token === undefined ? ctx.newId() : tokenId(ctx, token, idempotencyWindows(ctx.now)[1]);

  const key = generateCaKey(keyAlgorithm);
  const now = new Date(ctx.now).toISOString();
  const record: CertificateAuthorityRecord = {
    id,
    arn: caArn(ctx.location, id),
    ownerAccount: ctx.location.accountId,
    type: input.CertificateAuthorityType,
    status: 'PENDING_CERTIFICATE',
    keyAlgorithm,
    signingAlgorithm: config.SigningAlgorithm as CaSigningAlgorithm,
    subject: config.Subject,
    sealedPrivateKey: sealCaKey(ctx.box, id, key),
    csrPem: encodePem('CERTIFICATE REQUEST', buildCsr(subject, key, hash)),
    crlNumber: 0,
    usageMode: input.UsageMode ?? 'GENERAL_PURPOSE',
    keyStorageSecurityStandard: input.KeyStorageSecurityStandard ?? DEFAULT_KEY_STORAGE,
    ...(input.RevocationConfiguration === undefined
      ? {}
      : { revocationConfiguration: input.RevocationConfiguration }),
    tags,
    createdAt: now,
    lastStateChangeAt: now,
  };
  try {
    await ctx.store.certificateAuthorities.insert(record);
  } catch (error) {
    // A concurrent request with the same token made it first: that one is the answer.
    if (error instanceof DuplicateIdError) return { CertificateAuthorityArn: record.arn };
    throw error;
  }
  return { CertificateAuthorityArn: record.arn };
};

function tokenId(ctx: AcmPcaContext, token: string, window: number): string {
  return derivedUuid(['CreateCertificateAuthority', ctx.location.accountId, token, String(window)]);
}

/** The ARN of the CA this token created less than five minutes ago, if any. */
async function earlierCreation(ctx: AcmPcaContext, token: string): Promise<string | undefined> {
  for (const window of idempotencyWindows(ctx.now)) {
    const found = await ctx.store.certificateAuthorities.get(tokenId(ctx, token, window));
    if (found !== undefined && isRecent(found.createdAt, ctx.now)) return found.arn;
  }
  return undefined;
}
