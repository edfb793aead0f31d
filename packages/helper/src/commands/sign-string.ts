/**
 * `sign-string`: signs standard input with the selected key and prints the signature (protocol
 * notes §4.5): `--digest SHA256|SHA384|SHA512` (RSA PKCS#1 v1.5 and ECDSA; ML-DSA signs the bytes
 * themselves), `--format json` (default; a JSON string of the hex) | `text` | `bin`.
 */
import { CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import { parseFlags, pickFlags } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { signWithKey } from '../identity/key-identity.ts';
import { openPkcs11Identity } from '../identity/pkcs11/pkcs11-identity.ts';
import { isPkcs11Uri } from '../identity/pkcs11/pkcs11-uri.ts';
import { readPrivateKey } from '../identity/private-key.ts';
import { readSource } from '../identity/read-source.ts';
import type { Digest } from '../identity/signing-identity.ts';
import type { HelperRuntime } from './runtime.ts';

export const SIGN_STRING_FLAGS = {
  ...pickFlags(CREDENTIAL_FLAGS, [
    'certificate',
    'private-key',
    'cert-selector',
    'system-store-name',
    'use-latest-expiring-certificate',
    'pkcs11-lib',
    'reuse-pin',
    'tpm-key-password',
    'no-tpm-key-password',
    'pkcs8-password',
    'debug',
  ]),
  format: { kind: 'string', default: 'json', help: 'Output format. One of json, text, and bin' },
  digest: { kind: 'string', default: 'SHA256', help: 'One of SHA256, SHA384, and SHA512' },
} as const;

const DIGESTS: Record<string, Digest> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

export async function signStringCommand(argv: readonly string[], runtime: HelperRuntime): Promise<number> {
  const { values } = parseFlags(argv, SIGN_STRING_FLAGS, [
    ['certificate', 'cert-selector'],
    ['private-key', 'cert-selector'],
  ]);
  const digest = DIGESTS[values.digest];
  if (digest === undefined)
    throw new HelperError(
      `invalid argument "${values.digest}" for "--digest" flag: ${values.digest} is not included in SHA256,SHA384,SHA512`,
    );
  if (!['json', 'text', 'bin'].includes(values.format)) {
    throw new HelperError(
      `invalid argument "${values.format}" for "--format" flag: ${values.format} is not included in json,text,bin`,
    );
  }
  if (values['cert-selector'] !== '' || values['tpm-key-password'] !== '' || values['no-tpm-key-password']) {
    throw new HelperError(
      "certificate stores and TPM keys are not supported by Anchorage's helper: use a key file or PKCS#11",
    );
  }
  const data = runtime.readStdin();
  let signature: Buffer;
  if (isPkcs11Uri(values.certificate) || isPkcs11Uri(values['private-key'])) {
    if (!isPkcs11Uri(values.certificate))
      throw new HelperError('with a PKCS#11 key, give the certificate as a pkcs11: URI too');
    const identity = await openPkcs11Identity({
      certificate: values.certificate,
      ...(isPkcs11Uri(values['private-key']) ? { privateKey: values['private-key'] } : {}),
      ...(values['pkcs11-lib'] === '' ? {} : { libraryPath: values['pkcs11-lib'] }),
      reusePin: values['reuse-pin'],
    });
    try {
      signature = await identity.sign(data, digest);
    } finally {
      await identity.close();
    }
  } else {
    if (values['private-key'] === '') throw new HelperError('--private-key is required');
    const password =
      values['pkcs8-password'] !== '' ? values['pkcs8-password'] : runtime.env.ANCHORAGE_PKCS8_PASSWORD;
    const key = await readPrivateKey(
      readSource(values['private-key'], 'private key', {
        env: runtime.env,
        readFile: runtime.readFile,
        readStdin: () => {
          throw new HelperError('sign-string signs standard input, so the key cannot come from it too');
        },
      }),
      password === '' ? undefined : password,
      runtime.askSecret,
    );
    signature = signWithKey(key, data, digest);
  }
  if (values.format === 'bin') runtime.stdout(signature);
  else if (values.format === 'text') runtime.stdout(signature.toString('hex'));
  else runtime.stdout(JSON.stringify(signature.toString('hex')));
  return 0;
}
