/** The web console's own state: sign-in sessions and console passwords. */
import type { SessionClaims } from '../sts/session-claims.ts';

/**
 * For a sign-in with temporary credentials: the claims their session token carried, without the
 * secret, so the console authorises each action exactly as for a request signed with them.
 */
export type ConsoleRoleSession = Omit<SessionClaims, 'secretAccessKey'>;

export interface ConsoleSessionRecord {
  /** Lower-case hex SHA-256 of the session token: the token itself is only in the browser's cookie. */
  readonly id: string;
  readonly principalArn: string;
  /** The access key the session acts with (the signed-in key, or the administrator's for a password sign-in). */
  readonly accessKeyId: string;
  /** How the person signed in. */
  readonly method: 'access-key' | 'password';
  readonly userName?: string;
  /** Present when signed in with temporary (`ASIA…`) credentials. */
  readonly roleSession?: ConsoleRoleSession;
  /** The synchronizer token every state-changing request must carry. */
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface ConsoleUserRecord {
  /** The user name. */
  readonly id: string;
  /** `scrypt$N$r$p$<salt b64>$<hash b64>`. */
  readonly passwordHash: string;
  readonly principalArn: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
