/**
 * `fromRolesAnywhere`: an AWS SDK for JavaScript v3 credential provider that calls CreateSession
 * itself — no helper process, no key file required. It works against AWS (the regional
 * endpoint, by default) and against Anchorage (`endpoint`). Credentials are cached and renewed
 * ahead of expiry, one call at a time however many requests are waiting; a renewal that fails
 * for a passing reason keeps the previous credentials until they expire. Certificate and key
 * given as `{ path }` are read again at each renewal, so rotated files are picked up.
 *
 *   const sts = new STSClient({ region, credentials: fromRolesAnywhere({ certificate, privateKey, … }) });
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HelperError } from '../helper-error.ts';
import { parseCertificates } from '../identity/certificates.ts';
import { keyIdentity } from '../identity/key-identity.ts';
import { parsePrivateKey } from '../identity/private-key.ts';
import type { SourceBytes } from '../identity/read-source.ts';
import type { SigningIdentity } from '../identity/signing-identity.ts';
import { createSession } from '../session/create-session.ts';
import { RefreshingCredentials } from '../session/refreshing-credentials.ts';
import { resolveSessionTarget } from '../session/session-target.ts';
import { HELPER_VERSION } from '../version.ts';

/** PEM text or DER bytes, a file read at every renewal, or a function called at every renewal. */
export type KeyMaterial =
  | string
  | Uint8Array
  | { readonly path: string }
  | (() => string | Uint8Array | Promise<string | Uint8Array>);

export interface RolesAnywhereOptions {
  /** The end-entity certificate; PEM may carry the intermediates after it. */
  readonly certificate: KeyMaterial;
  /** PKCS#8, SEC1 or PKCS#1 (PEM or DER), encrypted PKCS#8 with `privateKeyPassword`, or a KeyObject. */
  readonly privateKey: KeyMaterial | KeyObject;
  readonly intermediates?: KeyMaterial;
  readonly privateKeyPassword?: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** Signing region; default the trust anchor ARN's region. */
  readonly region?: string;
  /** Default `AWS_ENDPOINT_URL_ROLESANYWHERE`, `AWS_ENDPOINT_URL`, then `https://rolesanywhere.<region>.amazonaws.com`. */
  readonly endpoint?: string;
  /** 900..43200, default 3600. */
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
  /** Route CreateSession through HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured). */
  readonly withProxy?: boolean;
  /** Signs with a key this process cannot hold (e.g. a PKCS#11 identity); replaces certificate/privateKey. */
  readonly identity?: () => Promise<SigningIdentity>;
  /** For tests: the clock that decides when to renew (requests are always signed with the real time). */
  readonly now?: () => number;
}

/** The shape the SDK expects of a credential provider's result (AwsCredentialIdentity). */
export interface RolesAnywhereCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId?: string;
}

export type RolesAnywhereProvider = () => Promise<RolesAnywhereCredentials>;

export function fromRolesAnywhere(options: RolesAnywhereOptions): RolesAnywhereProvider {
  const target = resolveSessionTarget(
    {
      trustAnchorArn: options.trustAnchorArn,
      profileArn: options.profileArn,
      roleArn: options.roleArn,
      region: options.region,
      endpoint: options.endpoint,
      durationSeconds: options.durationSeconds ?? 3600,
      roleSessionName: options.roleSessionName,
    },
    process.env,
  );
  const now = options.now ?? Date.now;
  const accountId = /^arn:[^:]+:iam::([0-9]{12}):/.exec(options.roleArn)?.[1];
  const source = new RefreshingCredentials({
    now,
    fetch: async () => {
      const identity =
        options.identity !== undefined ? await options.identity() : await identityFrom(options, now());
      try {
        return await createSession(identity, target, {
          noVerifySsl: false,
          withProxy: options.withProxy ?? false,
          env: process.env,
          userAgent: `anchorage-sdk-provider/${HELPER_VERSION} (node ${process.version})`,
        });
      } finally {
        await identity.close();
      }
    },
  });
  return async () => {
    const credentials = await source.get();
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: new Date(credentials.expiration),
      ...(accountId === undefined ? {} : { accountId }),
    };
  };
}

async function identityFrom(options: RolesAnywhereOptions, now: number): Promise<SigningIdentity> {
  const certificates = parseCertificates(await material(options.certificate, 'certificate'), 'certificate');
  const leaf = certificates[0] as Buffer;
  const chain =
    options.intermediates !== undefined
      ? parseCertificates(await material(options.intermediates, 'intermediates'), 'intermediates')
      : certificates.slice(1);
  const key = isKeyObject(options.privateKey)
    ? options.privateKey
    : parsePrivateKey(await material(options.privateKey, 'private key'), options.privateKeyPassword);
  const identity = keyIdentity(key, leaf, chain);
  const validTo = Date.parse(new X509Certificate(leaf).validTo);
  if (now > validTo) {
    throw new HelperError(`the certificate expired on ${new Date(validTo).toISOString()}: issue a new one`);
  }
  return identity;
}

function isKeyObject(value: unknown): value is KeyObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as KeyObject).type === 'private' &&
    'asymmetricKeyType' in value
  );
}

async function material(value: KeyMaterial, what: string): Promise<SourceBytes> {
  if (typeof value === 'string')
    return { bytes: Buffer.from(value, 'utf8'), description: `the ${what} given` };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value), description: `the ${what} given` };
  if (typeof value === 'function') {
    const produced = await value();
    return {
      bytes: typeof produced === 'string' ? Buffer.from(produced, 'utf8') : Buffer.from(produced),
      description: `the ${what} returned by the function given`,
    };
  }
  try {
    return { bytes: readFileSync(value.path), description: `file ${value.path}` };
  } catch (error) {
    throw new HelperError(`cannot read the ${what} from file ${value.path}: ${(error as Error).message}`);
  }
}
