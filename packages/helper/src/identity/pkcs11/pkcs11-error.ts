/**
 * The one error type of the PKCS#11 identity: every refusal says what was looked for (a URI with
 * the PIN left out), the PKCS#11 return code if the token gave one, and what the user can do.
 */
export class Pkcs11Error extends Error {
  /** The `CKR_*` name the module returned, if the failure came from the module. */
  readonly returnCode: string | undefined;

  constructor(message: string, options: { returnCode?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Pkcs11Error';
    this.returnCode = options.returnCode;
  }
}

/**
 * The `CKR_*` name of an error thrown by pkcs11js, or `undefined`. pkcs11js puts the name in the
 * message of its own `Pkcs11Error` (`CKR_PIN_INCORRECT`, code 160).
 */
export function returnCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /\bCKR_[A-Z0-9_]+/.exec(error.message);
  return match?.[0];
}

/** `CKR_…` for module errors, else the error's message: for the tail of our own messages. */
export function describeModuleError(error: unknown): string {
  return returnCodeOf(error) ?? (error instanceof Error ? error.message : String(error));
}
