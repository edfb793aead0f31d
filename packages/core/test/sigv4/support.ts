/**
 * Shared helpers of the SigV4 tests: build a `SignedRequest` from a body string, and assert that
 * a refusal is the expected `AnchorageError` (code and wire status, not just "it threw").
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AnchorageError, type ErrorCode } from '@anchorage/core/errors';
import type { HeaderPairs, SignedRequest } from '@anchorage/core/sigv4/signed-request';

export interface RawRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: HeaderPairs;
  readonly body: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function toSignedRequest(raw: RawRequest): SignedRequest {
  return {
    method: raw.method,
    rawPath: raw.rawPath,
    rawQuery: raw.rawQuery,
    headers: raw.headers,
    payloadSha256Hex: sha256Hex(raw.body),
  };
}

export const STATUS: Partial<Record<ErrorCode, number>> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
};

/** Asserts `error` is an AnchorageError with `code`, the wire status AWS uses, and optionally `message`. */
export function assertRefusal(error: unknown, code: ErrorCode, message?: string | RegExp): true {
  assert.ok(error instanceof AnchorageError, `expected AnchorageError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, `${error.code}: ${error.message} (${error.reason})`);
  assert.equal(error.status, STATUS[code]);
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message !== undefined) assert.match(error.message, message);
  return true;
}

export async function rejectsWith(
  promise: Promise<unknown>,
  code: ErrorCode,
  message?: string | RegExp,
): Promise<void> {
  await assert.rejects(promise, (error) => assertRefusal(error, code, message));
}

export function throwsWith(fn: () => unknown, code: ErrorCode, message?: string | RegExp): void {
  assert.throws(fn, (error) => assertRefusal(error, code, message));
}

/** Replaces the value of the first header named `name` (any case). */
export function withHeader(headers: HeaderPairs, name: string, value: string): HeaderPairs {
  let done = false;
  return headers.map(([n, v]) => {
    if (!done && n.toLowerCase() === name.toLowerCase()) {
      done = true;
      return [n, value] as const;
    }
    return [n, v] as const;
  });
}

export function withoutHeader(headers: HeaderPairs, name: string): HeaderPairs {
  return headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
}

export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** A one-character change of the last character. */
export function changeLastChar(text: string): string {
  const last = text.slice(-1);
  return text.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}

/** A one-character change of a hex string that stays valid hex. */
export function flipHexChar(hex: string, at = 10): string {
  const c = hex.charAt(at);
  return hex.slice(0, at) + (c === '0' ? '1' : '0') + hex.slice(at + 1);
}
