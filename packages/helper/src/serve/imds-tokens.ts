/**
 * IMDSv2 session tokens: handed out by `PUT /latest/api/token`, required on every GET. Bounded
 * like the official helper's (256 live tokens, the one expiring soonest is evicted), so a local
 * client looping on PUT cannot grow memory.
 */

export const MAX_TOKENS = 256;
export const MAX_TOKEN_TTL_SECONDS = 21600;
/** 75 random bytes are exactly 100 base64 characters, the official helper's token length. */
const TOKEN_BYTES = 75;

export class ImdsTokenStore {
  /** token → expiry in epoch milliseconds */
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;
  readonly #random: (bytes: number) => Buffer;

  constructor(now: () => number, random: (bytes: number) => Buffer) {
    this.#now = now;
    this.#random = random;
  }

  get size(): number {
    return this.#expiries.size;
  }

  issue(ttlSeconds: number): string {
    if (this.#expiries.size >= MAX_TOKENS) this.#evictSoonestExpiring();
    const token = this.#random(TOKEN_BYTES).toString('base64');
    this.#expiries.set(token, this.#now() + ttlSeconds * 1000);
    return token;
  }

  /** Whole seconds the token has left, or undefined when it is unknown or has expired. */
  remainingSeconds(token: string): number | undefined {
    const expiry = this.#expiries.get(token);
    if (expiry === undefined) return undefined;
    const left = expiry - this.#now();
    // Valid up to and including the expiry instant, as in the official helper.
    return left < 0 ? undefined : Math.trunc(left / 1000);
  }

  /** Drops expired tokens; returns how many went. */
  purgeExpired(): number {
    const now = this.#now();
    let removed = 0;
    for (const [token, expiry] of this.#expiries) {
      if (expiry < now) {
        this.#expiries.delete(token);
        removed += 1;
      }
    }
    return removed;
  }

  #evictSoonestExpiring(): void {
    let soonest: string | undefined;
    let soonestExpiry = Number.POSITIVE_INFINITY;
    for (const [token, expiry] of this.#expiries) {
      if (expiry < soonestExpiry) {
        soonest = token;
        soonestExpiry = expiry;
      }
    }
    if (soonest !== undefined) this.#expiries.delete(soonest);
  }
}

/**
 * The TTL header as the official helper reads it: absent or empty means 21600; otherwise a
 * decimal integer (Go's Atoi: optional sign) from 1 to 21600. Undefined when invalid.
 */
export function parseTokenTtl(header: string | undefined): number | undefined {
  if (header === undefined || header === '') return MAX_TOKEN_TTL_SECONDS;
  if (!/^[+-]?\d{1,10}$/.test(header)) return undefined;
  const ttl = Number(header);
  return ttl >= 1 && ttl <= MAX_TOKEN_TTL_SECONDS ? ttl : undefined;
}
