/**
 * From the shared credential flags to "fetch credentials now": the target is settled once, the
 * identity is loaded afresh on every fetch (files re-read, so rotated certificates are used).
 */
import type { CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import type { FlagValues } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { type IdentityOptions, loadIdentity } from '../identity/load-identity.ts';
import type { SigningIdentity } from '../identity/signing-identity.ts';
import type { CreateSessionResult, TransportOptions } from '../session/create-session.ts';
import { resolveSessionTarget, type SessionTarget } from '../session/session-target.ts';
import { HELPER_VERSION } from '../version.ts';
import type { HelperRuntime } from './runtime.ts';

export interface CredentialContext {
  readonly target: SessionTarget;
  readonly transport: TransportOptions;
  loadIdentity(): Promise<SigningIdentity>;
  /** Loads the identity, calls CreateSession, releases the identity. */
  fetch(): Promise<CreateSessionResult>;
}

export function credentialContext(
  values: FlagValues<typeof CREDENTIAL_FLAGS>,
  runtime: HelperRuntime,
): CredentialContext {
  for (const [flag, value] of [
    ['--trust-anchor-arn', values['trust-anchor-arn']],
    ['--profile-arn', values['profile-arn']],
    ['--role-arn', values['role-arn']],
  ] as const) {
    if (value === '') throw new HelperError(`${flag} is required`);
  }
  const target = resolveSessionTarget(
    {
      trustAnchorArn: values['trust-anchor-arn'],
      profileArn: values['profile-arn'],
      roleArn: values['role-arn'],
      region: values.region,
      endpoint: values.endpoint,
      durationSeconds: values['session-duration'],
      roleSessionName: values['role-session-name'],
    },
    runtime.env,
  );
  const debug = values.debug ? (message: string) => runtime.stderr(`debug: ${message}\n`) : undefined;
  const transport: TransportOptions = {
    noVerifySsl: values['no-verify-ssl'],
    withProxy: values['with-proxy'],
    env: runtime.env,
    userAgent: `anchorage-helper/${HELPER_VERSION} (node ${process.version}; ${runtime.platform}; ${process.arch})`,
    debug,
    now: runtime.now,
  };
  const identityOptions = identityOptionsFrom(values, runtime);
  const load = () =>
    loadIdentity(
      identityOptions,
      { env: runtime.env, readFile: runtime.readFile, readStdin: runtime.readStdin },
      runtime.now(),
    );
  return {
    target,
    transport,
    loadIdentity: load,
    async fetch() {
      const identity = await load();
      try {
        // The HTTP client is loaded only when a call is made (not for a cache hit).
        const { createSession } = await import('../session/create-session.ts');
        return await createSession(identity, target, transport);
      } finally {
        await identity.close();
      }
    },
  };
}

export function identityOptionsFrom(
  values: Pick<
    FlagValues<typeof CREDENTIAL_FLAGS>,
    | 'certificate'
    | 'private-key'
    | 'intermediates'
    | 'pkcs8-password'
    | 'pkcs11-lib'
    | 'reuse-pin'
    | 'cert-selector'
    | 'tpm-key-password'
    | 'no-tpm-key-password'
  >,
  runtime: HelperRuntime,
): IdentityOptions {
  return {
    certificate: values.certificate,
    privateKey: values['private-key'],
    intermediates: values.intermediates,
    // From the environment rather than the command line keeps the password out of `ps`.
    pkcs8Password:
      values['pkcs8-password'] !== ''
        ? values['pkcs8-password']
        : (runtime.env.ANCHORAGE_PKCS8_PASSWORD ?? ''),
    pkcs11Lib: values['pkcs11-lib'],
    reusePin: values['reuse-pin'],
    certSelector: values['cert-selector'],
    tpmKeyPassword: values['tpm-key-password'],
    noTpmKeyPassword: values['no-tpm-key-password'],
    platform: runtime.platform,
    askSecret: runtime.askSecret,
  };
}
