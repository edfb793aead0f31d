/**
 * C_Login (PKCS#11 v2.40 §5.6): as CKU_USER once per token, only when the token says it needs it
 * (CKF_LOGIN_REQUIRED), and as CKU_CONTEXT_SPECIFIC before each use of a key with
 * CKA_ALWAYS_AUTHENTICATE (§4.9). Prompted PINs are asked again after CKR_PIN_INCORRECT, a few
 * times only: each wrong try counts towards locking the PIN.
 */

import { pinFromUris } from './pin.ts';
import { describeModuleError, Pkcs11Error, returnCodeOf } from './pkcs11-error.ts';
import type { Pkcs11Library } from './pkcs11-library.ts';
import type { SlotDescription } from './pkcs11-slots.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';

const PROMPT_ATTEMPTS = 3;

export type AskPin = (prompt: string) => Promise<string>;

const HINTS: Record<string, string> = {
  CKR_PIN_INCORRECT:
    'the PIN is wrong: check pin-value or pin-source (tokens lock the PIN after a few wrong tries)',
  CKR_PIN_LOCKED:
    'the PIN is locked: unlock it with the SO PIN (e.g. pkcs11-tool --login --login-type so --init-pin)',
  CKR_PIN_EXPIRED: 'the PIN has expired: set a new one with the token tools',
  CKR_PIN_LEN_RANGE: 'the PIN is too short or too long for this token',
  CKR_USER_PIN_NOT_INITIALIZED: 'the token has no user PIN yet: initialize it with the SO PIN',
};

function loginError(what: string, error: unknown): Pkcs11Error {
  const code = returnCodeOf(error);
  const hint = code === undefined ? undefined : HINTS[code];
  return new Pkcs11Error(
    `${what} failed: ${describeModuleError(error)}${hint === undefined ? '' : `; ${hint}`}`,
    {
      returnCode: code,
      cause: error,
    },
  );
}

function login(library: Pkcs11Library, session: Buffer, userType: number, pin: string | undefined): void {
  try {
    library.p11.C_Login(session, userType, pin);
  } catch (error) {
    // Login state is per token and application (§5.6): another session of ours may have done it.
    if (returnCodeOf(error) !== 'CKR_USER_ALREADY_LOGGED_IN') throw error;
  }
}

async function loginWithPrompt(
  library: Pkcs11Library,
  session: Buffer,
  userType: number,
  askPin: AskPin,
  name: string,
  what: string,
): Promise<string> {
  let prompt = `Please enter your ${name}:`;
  for (let attempt = 1; ; attempt++) {
    const pin = await askPin(prompt);
    try {
      login(library, session, userType, pin);
      return pin;
    } catch (error) {
      if (returnCodeOf(error) !== 'CKR_PIN_INCORRECT' || attempt >= PROMPT_ATTEMPTS)
        throw loginError(what, error);
      prompt = `Incorrect ${name}. Please re-enter your ${name}:`;
    }
  }
}

export interface UserLogin {
  readonly library: Pkcs11Library;
  readonly session: Buffer;
  readonly slot: SlotDescription;
  /** URIs that may carry the PIN, most specific first. */
  readonly uris: readonly (Pkcs11Uri | undefined)[];
  /** The URI for messages (PIN already left out). */
  readonly described: string;
  readonly askPin?: AskPin | undefined;
}

/** Logs in as CKU_USER if the token requires it; returns the PIN used (for --reuse-pin). */
export async function loginUser(request: UserLogin): Promise<string | undefined> {
  const { library, session, slot } = request;
  const { ck } = library;
  if ((slot.tokenFlags & ck.CKF_LOGIN_REQUIRED) === 0) return undefined;
  const what = `PKCS#11 login to token ${JSON.stringify(slot.token)} for ${request.described}`;
  const pin = await pinFromUris(request.uris);
  if (pin !== undefined) {
    try {
      login(library, session, ck.CKU_USER, pin);
    } catch (error) {
      throw loginError(what, error);
    }
    return pin;
  }
  // A PIN pad or biometric reader: C_Login with no PIN (§5.6, CKF_PROTECTED_AUTHENTICATION_PATH).
  if ((slot.tokenFlags & ck.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0) {
    try {
      login(library, session, ck.CKU_USER, undefined);
    } catch (error) {
      throw loginError(what, error);
    }
    return undefined;
  }
  if (request.askPin !== undefined) {
    const name = `user PIN for PKCS#11 token ${JSON.stringify(slot.token)}`;
    return loginWithPrompt(library, session, ck.CKU_USER, request.askPin, name, what);
  }
  throw new Pkcs11Error(
    `token ${JSON.stringify(slot.token)} needs a user PIN to use ${request.described} and none was given: ` +
      'add ?pin-value=<PIN> or ?pin-source=<file with the PIN> to the pkcs11: URI',
  );
}

export interface ContextLogin {
  readonly library: Pkcs11Library;
  readonly session: Buffer;
  /** A PIN that worked before for this key, or the user PIN with --reuse-pin. */
  readonly pin: string | undefined;
  readonly keyDescribed: string;
  readonly askPin?: AskPin | undefined;
}

/** CKU_CONTEXT_SPECIFIC login after C_SignInit; returns the PIN that worked, to reuse next time. */
export async function loginContextSpecific(request: ContextLogin): Promise<string> {
  const { library, session } = request;
  const what = `re-authentication (CKU_CONTEXT_SPECIFIC) for ${request.keyDescribed}`;
  if (request.pin !== undefined) {
    try {
      login(library, session, library.ck.CKU_CONTEXT_SPECIFIC, request.pin);
      return request.pin;
    } catch (error) {
      if (request.askPin === undefined) throw loginError(what, error);
    }
  }
  if (request.askPin !== undefined) {
    const name = `context-specific PIN for private key object (${request.keyDescribed})`;
    return loginWithPrompt(library, session, library.ck.CKU_CONTEXT_SPECIFIC, request.askPin, name, what);
  }
  throw new Pkcs11Error(
    `${request.keyDescribed} asks for its PIN before every signature (CKA_ALWAYS_AUTHENTICATE): ` +
      'use --reuse-pin to give the user PIN again',
  );
}
