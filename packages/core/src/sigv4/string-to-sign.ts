/**
 * The string to sign (AWS SigV4 "Create a string to sign"; protocol notes §2.4 step 4):
 * algorithm, request time (ISO-8601 basic), credential scope and the lower-case hex SHA-256 of
 * the canonical request, joined with `\n`, no trailing newline.
 */
import { createHash } from 'node:crypto';
import type { SigV4Algorithm } from './algorithms.ts';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function buildStringToSign(
  algorithm: SigV4Algorithm,
  amzDate: string,
  credentialScope: string,
  canonicalRequest: string,
): string {
  return `${algorithm}\n${amzDate}\n${credentialScope}\n${sha256Hex(canonicalRequest)}`;
}
