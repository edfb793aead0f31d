/** Temporary credentials as CreateSession returns them (protocol notes §2.6). */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** RFC 3339 as the server sent it; passed through verbatim, as the official helper does. */
  readonly expiration: string;
}

/** Something that hands out current credentials, refreshing them as needed (serve, update, SDK). */
export interface CredentialSource {
  /** Current credentials; rejects when none are valid and a fresh fetch failed. */
  get(): Promise<SessionCredentials>;
}

export function expirationMillis(credentials: SessionCredentials): number {
  return Date.parse(credentials.expiration);
}
