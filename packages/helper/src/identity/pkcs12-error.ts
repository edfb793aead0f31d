import { isAnchorageError } from '@anchorage/core/errors';

/** Every refusal of a PKCS#12 file; the message says what failed and what to do about it. */
export class Pkcs12Error extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'Pkcs12Error';
  }
}

const NOT_PKCS12 = 'check that the file is a PKCS#12 (.p12/.pfx) file and was copied intact';

/** A structural problem: the bytes are not the PKCS#12 syntax of RFC 7292. */
export function malformed(problem: string, cause?: unknown): Pkcs12Error {
  return new Pkcs12Error(`PKCS#12 file is malformed: ${problem}; ${NOT_PKCS12}`, { cause });
}

/** Valid syntax, but a feature we do not implement. */
export function unsupported(problem: string): Pkcs12Error {
  return new Pkcs12Error(
    `PKCS#12 file uses ${problem}; re-export it with \`openssl pkcs12 -export\` (OpenSSL 3 defaults to AES-256-CBC with PBKDF2 and an HMAC-SHA-256 MAC)`,
  );
}

export function wrongPassword(what: string): Pkcs12Error {
  return new Pkcs12Error(`${what} failed: wrong password or corrupted file`);
}

/**
 * Funnels anything thrown while parsing into a Pkcs12Error. DER refusals from the core arrive
 * as AnchorageErrors; anything else is a defect of ours, labelled so tests can tell.
 */
export function asPkcs12Error(error: unknown): Pkcs12Error {
  if (error instanceof Pkcs12Error) return error;
  if (isAnchorageError(error)) return malformed(error.message, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new Pkcs12Error(`internal error while reading the PKCS#12 file: ${detail}`, { cause: error });
}
