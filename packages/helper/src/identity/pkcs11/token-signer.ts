/**
 * Signing with a key that stays on the token.
 * - RSA: CKM_SHA256/384/512_RSA_PKCS, which hash and pad on the token (PKCS#11 v2.40 Current
 *   Mechanisms, "PKCS #1 v1.5 RSA signature with SHA-…"); a token without them gets raw
 *   CKM_RSA_PKCS over a DigestInfo built here.
 * - EC: the hash is computed here and CKM_ECDSA signs it; its r‖s becomes DER.
 * A session has one active signing operation at a time (v2.40 §5.11), so signatures are queued.
 */
import { createHash } from 'node:crypto';
import type { Digest } from '../signing-identity.ts';
import { digestInfo } from './digest-info.ts';
import { rawEcdsaToDer } from './ecdsa-signature.ts';
import { describeModuleError, Pkcs11Error, returnCodeOf } from './pkcs11-error.ts';
import type { Pkcs11Library } from './pkcs11-library.ts';
import type { PrivateKeyObject } from './private-key-objects.ts';
import { type AskPin, loginContextSpecific } from './token-login.ts';

export type TokenKeyKind = 'rsa' | 'ec';

export interface TokenSignerOptions {
  readonly library: Pkcs11Library;
  readonly session: Buffer;
  readonly key: PrivateKeyObject;
  /** The key's URI, for messages and prompts. */
  readonly keyDescribed: string;
  readonly kind: TokenKeyKind;
  /** Room for the signature: the RSA modulus size, or enough for any ECDSA r‖s. */
  readonly signatureBytes: number;
  /** The CKU_USER PIN, offered again for CKA_ALWAYS_AUTHENTICATE keys with reusePin. */
  readonly userPin: string | undefined;
  readonly reusePin: boolean;
  readonly askPin?: AskPin | undefined;
}

const HINTS: Record<string, string> = {
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'the key is not allowed to sign (CKA_SIGN is false)',
  CKR_MECHANISM_INVALID: 'the token does not offer this signature mechanism for the key',
  CKR_USER_NOT_LOGGED_IN: 'the token wants a login first: give the PIN with pin-value= or pin-source=',
  CKR_DEVICE_REMOVED: 'the token was removed',
  CKR_TOKEN_NOT_PRESENT: 'the token was removed',
};

const COMBINED: Record<Digest, 'CKM_SHA256_RSA_PKCS' | 'CKM_SHA384_RSA_PKCS' | 'CKM_SHA512_RSA_PKCS'> = {
  sha256: 'CKM_SHA256_RSA_PKCS',
  sha384: 'CKM_SHA384_RSA_PKCS',
  sha512: 'CKM_SHA512_RSA_PKCS',
};

export class TokenSigner {
  readonly #options: TokenSignerOptions;
  /** Mechanisms the token lists for the key's slot; undefined if it would not say. */
  readonly #mechanisms: ReadonlySet<number> | undefined;
  #contextPin: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: TokenSignerOptions) {
    this.#options = options;
    try {
      this.#mechanisms = new Set(options.library.p11.C_GetMechanismList(options.key.slot.handle));
    } catch {
      this.#mechanisms = undefined;
    }
  }

  sign(data: Buffer, digest: Digest): Promise<Buffer> {
    const run = this.#queue.then(
      () => this.#sign(data, digest),
      () => this.#sign(data, digest),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued signature has finished. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  #input(data: Buffer, digest: Digest): { mechanism: number; name: string; input: Buffer } {
    const { ck } = this.#options.library;
    if (this.#options.kind === 'ec') {
      return { mechanism: ck.CKM_ECDSA, name: 'CKM_ECDSA', input: createHash(digest).update(data).digest() };
    }
    const name = COMBINED[digest];
    const combined = ck[name];
    if (this.#mechanisms === undefined || this.#mechanisms.has(combined))
      return { mechanism: combined, name, input: data };
    if (this.#mechanisms.has(ck.CKM_RSA_PKCS)) {
      return { mechanism: ck.CKM_RSA_PKCS, name: 'CKM_RSA_PKCS', input: digestInfo(digest, data) };
    }
    throw new Pkcs11Error(
      `the token of ${this.#options.keyDescribed} offers neither ${name} nor CKM_RSA_PKCS, so it cannot make a PKCS#1 v1.5 signature`,
    );
  }

  async #sign(data: Buffer, digest: Digest): Promise<Buffer> {
    const { library, session, key } = this.#options;
    const { p11 } = library;
    const { mechanism, name, input } = this.#input(data, digest);
    const output = () => Buffer.alloc(this.#options.signatureBytes);
    try {
      p11.C_SignInit(session, { mechanism }, key.handle);
    } catch (error) {
      throw this.#error(`${name} signing could not start`, error);
    }
    let signature: Buffer;
    try {
      if (key.alwaysAuthenticate) {
        this.#contextPin = await loginContextSpecific({
          library,
          session,
          pin: this.#contextPin ?? (this.#options.reusePin ? this.#options.userPin : undefined),
          keyDescribed: this.#options.keyDescribed,
          askPin: this.#options.askPin,
        });
      }
      signature = await p11.C_SignAsync(session, input, output());
    } catch (error) {
      // C_Sign ends the operation whatever its outcome (v2.40 §5.11), so the next C_SignInit
      // does not meet CKR_OPERATION_ACTIVE after a failed re-authentication.
      try {
        p11.C_Sign(session, input, output());
      } catch {
        // Expected: the operation failed or was already over.
      }
      if (error instanceof Pkcs11Error) throw error;
      throw this.#error(`${name} signing failed`, error);
    }
    return this.#options.kind === 'ec' ? rawEcdsaToDer(signature) : Buffer.from(signature);
  }

  #error(what: string, error: unknown): Pkcs11Error {
    const code = returnCodeOf(error);
    const hint = code === undefined ? undefined : HINTS[code];
    return new Pkcs11Error(
      `${what} with ${this.#options.keyDescribed}: ${describeModuleError(error)}${hint === undefined ? '' : `; ${hint}`}`,
      { returnCode: code, cause: error },
    );
  }
}
