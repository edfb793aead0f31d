/**
 * `sign-string`: signs standard input with the selected key and prints the signature (protocol
 * notes §4.5): `--digest SHA256|SHA384|SHA512` (RSA PKCS#1 v1.5 and ECDSA; ML-DSA signs the bytes
 * themselves), `--format json` (default; a JSON string of the hex) | `text` | `bin`.
 */
import { parseFlags } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { signWithKey } from '../identity/key-identity.ts';
import { openPkcs11Identity } from '../identity/pkcs11/pkcs11-identity.ts';
import { isPkcs11Uri } from '../identity/pkcs11/pkcs11-uri.ts';
import { parsePrivateKey } from '../identity/private-key.ts';
import { readSource } from '../identity/read-source.ts';
import type { Digest } from '../identity/signing-identity.ts';
import type { HelperRuntime } from './runtime.ts';

export const SIGN_STRING_FLAGS = {
  certificate: { kind: 'string', default: '', help: 'PKCS#11 URI of the certificate whose key signs' },
  'private-key': { kind: 'string', default: '', help: 'Private key: a PEM file, env:NAME, or a pkcs11: URI' },
  'cert-selector': {
    kind: 'string',
    default: '',
    help: 'Certificate store selector (Windows and macOS only)',
  },
  'system-store-name': {
    kind: 'string',
    default: 'MY',
    help: 'Windows certificate store name (Windows only)',
  },
  'use-latest-expiring-certificate': { kind: 'bool', help: 'Certificate stores only' },
  'pkcs11-lib': { kind: 'string', default: '', help: 'PKCS#11 module' },
  'reuse-pin': { kind: 'bool', help: 'Reuse the CKU_USER PIN as the CKU_CONTEXT_SPECIFIC PIN' },
  'tpm-key-password': { kind: 'string', default: '', help: 'TPM keys are not supported; use PKCS#11' },
  'no-tpm-key-password': { kind: 'bool', help: 'TPM keys are not supported; use PKCS#11' },
  'pkcs8-password': {
    kind: 'string',
    default: '',
    help: 'Password of an encrypted PKCS#8 key (or ANCHORAGE_PKCS8_PASSWORD)',
  },
  debug: { kind: 'bool', help: 'To print debug output' },
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
    const key = parsePrivateKey(
      readSource(values['private-key'], 'private key', {
        env: runtime.env,
        readFile: runtime.readFile,
        readStdin: () => {
          throw new HelperError('sign-string signs standard input, so the key cannot come from it too');
        },
      }),
      password === '' ? undefined : password,
    );
    signature = signWithKey(key, data, digest);
  }
  if (values.format === 'bin') runtime.stdout(signature);
  else if (values.format === 'text') runtime.stdout(signature.toString('hex'));
  else runtime.stdout(JSON.stringify(signature.toString('hex')));
  return 0;
}
