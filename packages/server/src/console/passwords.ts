/**
 * Console passwords, stored as `scrypt$N$r$p$<salt b64>$<hash b64>` (RFC 7914) with a random
 * 16-byte salt and N = 2^15, r = 8, p = 1 (32 MiB and some 50 ms per guess: OWASP's minimum for
 * scrypt). The parameters travel with the hash, so they can be raised later without breaking
 * stored passwords. Verification is constant-time; a missing user costs the same as a wrong
 * password (`verifyPassword(password, undefined)` hashes against a dummy).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const SCRYPT_N = 2 ** 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEY_LENGTH = 32;
/** Node's default scrypt memory cap (32 MiB) is exactly what N=2^15, r=8 needs; leave headroom. */
const MAX_MEMORY = 128 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** Why a password may not be set, or undefined when it may. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `the password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

export async function hashPassword(password: string, n = SCRYPT_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, SCRYPT_R, SCRYPT_P);
  return `scrypt$${n}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const DUMMY_SALT = Buffer.alloc(16);

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  const [scheme, n, r, p, salt, hash] = parts;
  const wellFormed =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    /^\d{1,8}$/.test(n ?? '') &&
    /^\d{1,2}$/.test(r ?? '') &&
    /^\d{1,2}$/.test(p ?? '');
  if (!wellFormed) {
    // Spend the same time as a real check, so unknown users cannot be told apart.
    await derive(password, DUMMY_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P);
    return false;
  }
  const expected = Buffer.from(hash ?? '', 'base64');
  const key = await derive(password, Buffer.from(salt ?? '', 'base64'), Number(n), Number(r), Number(p));
  return expected.length === key.length && timingSafeEqual(expected, key);
}
