/**
 * Private keys in the forms the official helper reads (protocol notes §4.1): PEM PKCS#8, encrypted
 * PKCS#8 (PBES2), SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, and ML-DSA in PKCS#8; DER
 * PKCS#8/SEC1/PKCS#1 as well. node:crypto does the decoding; this picks the block and explains failures.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { decodePem } from '@anchorage/core/x509/pem';
import { HelperError } from '../helper-error.ts';
import type { SourceBytes } from './read-source.ts';

/** The key is encrypted and the password is missing or wrong: the caller may ask for one. */
export class KeyPasswordError extends HelperError {
  readonly reason: 'missing' | 'wrong';

  constructor(message: string, reason: 'missing' | 'wrong', cause?: unknown) {
    super(message, cause === undefined ? {} : { cause });
    this.reason = reason;
  }
}

const KEY_LABELS = ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY'];

export function parsePrivateKey(source: SourceBytes, password: string | undefined): KeyObject {
  const text = source.bytes.toString('latin1');
  if (!text.includes('-----BEGIN ')) return parseDerKey(source);
  let blocks: ReturnType<typeof decodePem>;
  try {
    blocks = decodePem(text);
  } catch (error) {
    throw new HelperError(
      `the private key in ${source.description} is not valid PEM: ${(error as Error).message}`,
    );
  }
  if (blocks.some((b) => b.label === 'TSS2 PRIVATE KEY')) {
    throw new HelperError(
      `${source.description} holds a TPM key (TSS2 PRIVATE KEY); Anchorage's helper does not talk to TPMs directly: ` +
        'use the TPM through PKCS#11 (tpm2-pkcs11) with a pkcs11: URI',
    );
  }
  const keyBlocks = blocks.filter((b) => KEY_LABELS.includes(b.label));
  const block = keyBlocks[0];
  if (block === undefined) {
    throw new HelperError(
      `no private key found in ${source.description}: expected a PEM block labelled ${KEY_LABELS.join(', ')}` +
        (blocks.length > 0 ? ` (found ${blocks.map((b) => b.label).join(', ')})` : ''),
    );
  }
  if (keyBlocks.length > 1) {
    throw new HelperError(
      `${source.description} holds ${keyBlocks.length} private keys; give a file with exactly one`,
    );
  }
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(text);
  if (encrypted && (password === undefined || password === '')) {
    throw new KeyPasswordError(
      `the private key in ${source.description} is encrypted: give its password with --pkcs8-password or ANCHORAGE_PKCS8_PASSWORD`,
      'missing',
    );
  }
  const der = Buffer.from(block.der);
  try {
    if (block.label === 'ENCRYPTED PRIVATE KEY') {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password ?? '' });
    }
    if (encrypted) return createPrivateKey({ key: text, format: 'pem', passphrase: password ?? '' });
    const type =
      block.label === 'EC PRIVATE KEY' ? 'sec1' : block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'pkcs8';
    return createPrivateKey({ key: der, format: 'der', type });
  } catch (error) {
    if (encrypted) {
      throw new KeyPasswordError(
        `cannot decrypt the private key in ${source.description}: wrong password, or an unsupported encryption`,
        'wrong',
        error,
      );
    }
    throw new HelperError(
      `the private key in ${source.description} cannot be read (${(error as Error).message}); ` +
        'expected an RSA, EC or ML-DSA key',
      { cause: error },
    );
  }
}

function parseDerKey(source: SourceBytes): KeyObject {
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: source.bytes, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw new HelperError(
    `no private key found in ${source.description}: it is neither PEM nor a DER PKCS#8, SEC1 or PKCS#1 key`,
  );
}

/**
 * `parsePrivateKey`, asking for the password on the terminal (three tries) when the key is
 * encrypted and none was given, as the official helper does. Without a terminal, the message
 * says which flag to use.
 */
export async function readPrivateKey(
  source: SourceBytes,
  password: string | undefined,
  askSecret: ((prompt: string) => Promise<string>) | undefined,
): Promise<KeyObject> {
  try {
    return parsePrivateKey(source, password);
  } catch (error) {
    if (!(error instanceof KeyPasswordError) || error.reason !== 'missing' || askSecret === undefined)
      throw error;
    let last: unknown = error;
    for (let attempt = 0; attempt < 3; attempt++) {
      let typed: string;
      try {
        typed = await askSecret(`Enter the password of the private key in ${source.description}: `);
      } catch {
        throw error; // no terminal, or cancelled: the flag is the way
      }
      try {
        return parsePrivateKey(source, typed);
      } catch (retry) {
        if (!(retry instanceof KeyPasswordError)) throw retry;
        last = retry;
      }
    }
    throw last;
  }
}
