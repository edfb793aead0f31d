/**
 * `credential-process`: one set of credentials on stdout in the AWS `credential_process` format,
 * without a trailing newline, exactly as the official helper prints it (protocol notes §4.2).
 * Anchorage adds the credential cache (on by default; `--no-cache` turns it off).
 */
import { createHash } from 'node:crypto';
import { CREDENTIAL_EXCLUSIONS, CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import { parseFlags } from '../cli/flags.ts';
import { isPkcs11Uri } from '../identity/pkcs11/pkcs11-uri.ts';
import { readSource } from '../identity/read-source.ts';
import type { SessionCredentials } from '../session/session-credentials.ts';
import { cachedCredentials, cacheKey, defaultCacheDir } from './credential-cache.ts';
import { type CredentialContext, credentialContext } from './credential-context.ts';
import type { HelperRuntime } from './runtime.ts';

export const CREDENTIAL_PROCESS_FLAGS = {
  ...CREDENTIAL_FLAGS,
  'no-cache': { kind: 'bool', help: 'Call CreateSession every time instead of using the credential cache' },
  'cache-dir': {
    kind: 'string',
    default: '',
    help: 'Credential cache directory (default $XDG_CACHE_HOME/anchorage/credential-process or ~/.cache/…)',
  },
} as const;

export async function credentialProcessCommand(
  argv: readonly string[],
  runtime: HelperRuntime,
): Promise<number> {
  const { values } = parseFlags(argv, CREDENTIAL_PROCESS_FLAGS, CREDENTIAL_EXCLUSIONS);
  const context = credentialContext(values, runtime);
  const credentials = values['no-cache']
    ? await context.fetch()
    : await cachedCredentials(
        {
          dir:
            values['cache-dir'] !== '' ? values['cache-dir'] : defaultCacheDir(runtime.env, runtime.homeDir),
          key: cacheKey(cacheKeyParts(values, context, runtime)),
          now: runtime.now,
          warn: (message) => runtime.stderr(`warning: ${message}\n`),
        },
        () => context.fetch(),
      );
  runtime.stdout(formatCredentialProcess(credentials));
  return 0;
}

/** Field order and shape as the official helper prints them. */
export function formatCredentialProcess(credentials: SessionCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration,
  });
}

/**
 * What makes two invocations interchangeable: the session asked for and the certificate used
 * (its bytes, so a rotated certificate is a new entry). PINs and passwords never enter the key.
 */
function cacheKeyParts(
  values: { certificate: string; 'private-key': string; intermediates: string },
  context: CredentialContext,
  runtime: HelperRuntime,
): Record<string, string | number | undefined> {
  const fingerprint = (spec: string, what: string): string | undefined => {
    if (spec === '') return undefined;
    if (isPkcs11Uri(spec)) return spec.replace(/[?;&]pin-value=[^;&]*/g, '');
    const bytes = readSource(spec, what, {
      env: runtime.env,
      readFile: runtime.readFile,
      readStdin: runtime.readStdin,
    });
    return createHash('sha256').update(bytes.bytes).digest('hex');
  };
  return {
    endpoint: context.target.url.href,
    region: context.target.region,
    trustAnchorArn: context.target.trustAnchorArn,
    profileArn: context.target.profileArn,
    roleArn: context.target.roleArn,
    durationSeconds: context.target.durationSeconds,
    roleSessionName: context.target.roleSessionName,
    certificate: fingerprint(values.certificate, 'certificate'),
    intermediates: fingerprint(values.intermediates, 'intermediate certificates'),
    privateKey: isPkcs11Uri(values['private-key'])
      ? fingerprint(values['private-key'], 'private key')
      : values['private-key'],
  };
}
