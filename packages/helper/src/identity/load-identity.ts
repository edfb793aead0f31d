/**
 * Turns the key flags into a signing identity, choosing the signer as the official helper does
 * (protocol notes §4.1 "Signer selection"): `pkcs11:` URIs go to the token, anything else is key
 * material read from a file or, Anchorage's addition, from an environment variable or stdin.
 * Everything is read afresh on every call, so rotated certificates and keys are picked up.
 */
import { HelperError } from '../helper-error.ts';
import { checkValidity, describeCertificate, parseCertificates } from './certificates.ts';
import { keyIdentity } from './key-identity.ts';
import { isPkcs11Uri } from './pkcs11/pkcs11-uri.ts';
import { readPrivateKey } from './private-key.ts';
import { readSource, type SourceReaders } from './read-source.ts';
import type { SigningIdentity } from './signing-identity.ts';

export interface IdentityOptions {
  readonly certificate: string;
  readonly privateKey: string;
  readonly intermediates: string;
  readonly pkcs8Password: string;
  readonly pkcs11Lib: string;
  readonly reusePin: boolean;
  readonly certSelector: string;
  readonly tpmKeyPassword: string;
  readonly noTpmKeyPassword: boolean;
  readonly platform: NodeJS.Platform;
  /** Asks for a missing key password or token PIN (on the terminal); absent: never ask. */
  readonly askSecret?: ((prompt: string) => Promise<string>) | undefined;
}

export async function loadIdentity(
  options: IdentityOptions,
  readers: SourceReaders,
  now: number,
): Promise<SigningIdentity> {
  refuseUnsupportedSigners(options);
  const chain =
    options.intermediates === '' || options.certificate === ''
      ? []
      : parseCertificates(
          readSource(options.intermediates, 'intermediate certificates', readers),
          'intermediates',
          {
            allowEmpty: true,
          },
        );
  if (isPkcs11Uri(options.certificate) || isPkcs11Uri(options.privateKey)) {
    const certificate = isPkcs11Uri(options.certificate)
      ? options.certificate
      : firstCertificate(options.certificate, readers);
    // Loaded on use, like the PKCS#12 parser: most runs need neither.
    const { openPkcs11Identity } = await import('./pkcs11/pkcs11-identity.ts');
    const identity = await openPkcs11Identity({
      certificate,
      ...(isPkcs11Uri(options.privateKey) ? { privateKey: options.privateKey } : {}),
      chain,
      ...(options.pkcs11Lib === '' ? {} : { libraryPath: options.pkcs11Lib }),
      reusePin: options.reusePin,
      ...(options.askSecret === undefined ? {} : { askPin: pinPrompt(options.askSecret) }),
    });
    checkValidity(describeCertificate(identity.certificate, 'certificate'), now);
    return identity;
  }
  const identity = await fileIdentity(options, chain, readers);
  checkValidity(describeCertificate(identity.certificate, 'certificate'), now);
  return identity;
}

async function fileIdentity(
  options: IdentityOptions,
  chain: Buffer[],
  readers: SourceReaders,
): Promise<SigningIdentity> {
  const password = options.pkcs8Password === '' ? undefined : options.pkcs8Password;
  if (options.certificate === '') {
    // The official helper's quirk: with only --intermediates, the bundle's first certificate is
    // the leaf and the whole bundle is sent as the chain.
    const bundle = parseCertificates(
      readSource(options.intermediates, 'certificate bundle', readers),
      'intermediates',
    );
    const key = await readPrivateKey(
      readSource(options.privateKey, 'private key', readers),
      password,
      options.askSecret,
    );
    return keyIdentity(key, bundle[0] as Buffer, bundle);
  }
  const certSource = readSource(options.certificate, 'certificate', readers);
  const isPem = certSource.bytes.toString('latin1').includes('-----BEGIN ');
  if (!isPem && options.privateKey === '') {
    if (options.intermediates !== '') {
      throw new HelperError(
        '--intermediates cannot be used with a PKCS#12 file: its chain comes from the file',
      );
    }
    const { parsePkcs12 } = await import('./pkcs12.ts');
    return pkcs12Identity(parsePkcs12, certSource.bytes, certSource.description, options.pkcs8Password);
  }
  const certificates = parseCertificates(certSource, 'certificate');
  const leaf = certificates[0] as Buffer;
  // A bundle given as a value (`-` or env:) may carry the key and the chain with the certificate.
  const keySource =
    options.privateKey === '' ? certSource : readSource(options.privateKey, 'private key', readers);
  if (
    options.privateKey === '' &&
    !/-----BEGIN (?:ENCRYPTED |EC |RSA )?PRIVATE KEY-----/.test(certSource.bytes.toString('latin1'))
  ) {
    throw new HelperError(
      '--private-key is required with a PEM certificate (or put the key in the same PEM bundle)',
    );
  }
  const key = await readPrivateKey(keySource, password, options.askSecret);
  const bundledChain =
    options.certificate === '-' || options.certificate.startsWith('env:') ? certificates.slice(1) : [];
  return keyIdentity(key, leaf, chain.length > 0 ? chain : bundledChain);
}

function pkcs12Identity(
  parsePkcs12: typeof import('./pkcs12.ts').parsePkcs12,
  der: Buffer,
  description: string,
  password: string,
): SigningIdentity {
  let contents: ReturnType<typeof parsePkcs12>;
  try {
    contents = parsePkcs12(der, password);
  } catch (error) {
    throw new HelperError(`cannot read the PKCS#12 file ${description}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (contents.privateKey === undefined)
    throw new HelperError(`the PKCS#12 file ${description} holds no private key`);
  const leaf = contents.leafCertificate;
  if (leaf === undefined) {
    throw new HelperError(`the PKCS#12 file ${description} holds no certificate for its private key`);
  }
  return keyIdentity(
    contents.privateKey,
    leaf,
    contents.certificates.filter((c) => !c.equals(leaf)),
  );
}

function firstCertificate(spec: string, readers: SourceReaders): Buffer {
  if (spec === '')
    throw new HelperError('--certificate is required when the private key is on a PKCS#11 token');
  return parseCertificates(readSource(spec, 'certificate', readers), 'certificate')[0] as Buffer;
}

function refuseUnsupportedSigners(options: IdentityOptions): void {
  if (options.privateKey.startsWith('handle:') || options.tpmKeyPassword !== '' || options.noTpmKeyPassword) {
    throw new HelperError(
      "TPM keys are not supported by Anchorage's helper: use the TPM through PKCS#11 (tpm2-pkcs11) with a pkcs11: URI",
    );
  }
  if (
    options.certSelector !== '' ||
    (options.certificate === '' && options.privateKey === '' && options.intermediates === '')
  ) {
    if (options.platform === 'linux') {
      throw new HelperError(
        'unable to use cert store signer on linux: give --certificate and --private-key (files, env:NAME or -), or a pkcs11: URI',
      );
    }
    throw new HelperError(
      "certificate stores (--cert-selector) are not supported by Anchorage's helper: export the certificate and key, or use PKCS#11",
    );
  }
  if (options.privateKey === '' && options.certificate === '') {
    throw new HelperError('--certificate is required');
  }
}

/** A token PIN asked on the terminal; without one, say how to give it in the URI. */
function pinPrompt(askSecret: (prompt: string) => Promise<string>): (prompt: string) => Promise<string> {
  return (prompt) =>
    askSecret(prompt).catch(() => {
      throw new HelperError(
        'the token needs a PIN and there is no terminal to ask on: add ?pin-value=… or ?pin-source=/path/to/pin-file to the pkcs11: URI',
      );
    });
}
