/**
 * Console sign-in sessions. The browser holds a random 256-bit token in the `anchorage_console`
 * cookie (HttpOnly, SameSite=Strict, Path=/console, Max-Age 12 h, Secure over TLS); the store
 * holds only its SHA-256, so a copy of the database opens no session. Each session has its own
 * synchronizer token for CSRF. An expired session is refused and removed when presented; a
 * session whose access key was deactivated or deleted ends at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ConsoleRoleSession, ConsoleSessionRecord } from '@anchorage/core/console/records';
import type { Store } from '@anchorage/store/port';
import type { Caller } from '../control-plane/context.ts';

export const SESSION_COOKIE = 'anchorage_console';
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The Set-Cookie value that gives the browser its session. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/console; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes it. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The session token the request carries, if any (the first cookie of that name). */
export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface NewSession {
  readonly principalArn: string;
  readonly accessKeyId: string;
  readonly method: ConsoleSessionRecord['method'];
  readonly userName?: string;
  readonly roleSession?: ConsoleRoleSession;
  /** Temporary credentials end the console session with them. */
  readonly credentialsExpireAt?: number;
}

export async function startSession(
  store: Store,
  session: NewSession,
  now: number,
): Promise<{ token: string; record: ConsoleSessionRecord }> {
  const token = newToken();
  const expires = Math.min(
    now + SESSION_LIFETIME_MS,
    session.credentialsExpireAt ?? Number.POSITIVE_INFINITY,
  );
  const record: ConsoleSessionRecord = {
    id: sessionId(token),
    principalArn: session.principalArn,
    accessKeyId: session.accessKeyId,
    method: session.method,
    ...(session.userName === undefined ? {} : { userName: session.userName }),
    ...(session.roleSession === undefined ? {} : { roleSession: session.roleSession }),
    csrfToken: newToken(),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(expires).toISOString(),
  };
  await store.consoleSessions.insert(record);
  return { token, record };
}

/** The live session of a token: undefined for unknown, expired (then removed) or orphaned sessions. */
export async function loadSession(
  store: Store,
  token: string,
  now: number,
): Promise<ConsoleSessionRecord | undefined> {
  const record = await store.consoleSessions.get(sessionId(token));
  if (record === undefined) return undefined;
  if (Date.parse(record.expiresAt) <= now || !(await keyStillActive(store, record))) {
    await store.consoleSessions.delete(record.id);
    return undefined;
  }
  return record;
}

/** Long-term keys can be deactivated; temporary credentials end by their own expiry. */
async function keyStillActive(store: Store, record: ConsoleSessionRecord): Promise<boolean> {
  if (record.roleSession !== undefined) return true;
  const key = await store.accessKeys.get(record.accessKeyId);
  return key?.status === 'Active' && key.principalArn === record.principalArn;
}

/** Seconds until the session ends, for the cookie's Max-Age. */
export function secondsLeft(record: ConsoleSessionRecord, now: number): number {
  return Math.max(0, Math.floor((Date.parse(record.expiresAt) - now) / 1000));
}

/**
 * The caller a session acts as: the same `Caller` SigV4 authentication produces, so every
 * operation is authorised exactly as for an API call with the same credentials.
 */
export function callerOf(record: ConsoleSessionRecord): Caller {
  return {
    accessKeyId: record.accessKeyId,
    principalArn: record.principalArn,
    // The secret is not kept: authorisation never reads it.
    ...(record.roleSession === undefined ? {} : { session: { ...record.roleSession, secretAccessKey: '' } }),
  };
}

/** Removes up to `limit` expired sessions (a bounded sweep at each sign-in keeps the table small). */
export async function sweepExpiredSessions(store: Store, now: number, limit = 100): Promise<void> {
  const page = await store.consoleSessions.list({ limit });
  for (const record of page.items) {
    if (Date.parse(record.expiresAt) <= now) await store.consoleSessions.delete(record.id);
  }
}

/** Ends every session of a console user (their password changed or they were removed). */
export async function endSessionsOf(store: Store, userName: string): Promise<void> {
  let after: string | undefined;
  do {
    const page = await store.consoleSessions.list({ limit: 100, ...(after === undefined ? {} : { after }) });
    for (const record of page.items) {
      if (record.method === 'password' && record.userName === userName)
        await store.consoleSessions.delete(record.id);
    }
    after = page.next;
  } while (after !== undefined);
}
