/** Replay claims of one process (see `ReplayClaims` in port.ts): a map from key to expiry. */
import type { ReplayClaims } from '../port.ts';

export function createMemoryReplayClaims(): ReplayClaims & { close(): void } {
  let claims: Map<string, number> | undefined = new Map();
  const open = (): Map<string, number> => {
    if (claims === undefined) throw new Error('the store is closed');
    return claims;
  };
  return {
    async claim(key, expiresAt, now) {
      const map = open();
      const current = map.get(key);
      if (current !== undefined && current >= now) return false;
      map.set(key, expiresAt);
      return true;
    },
    async purge(before) {
      const map = open();
      let purged = 0;
      for (const [key, expiresAt] of map) {
        if (expiresAt < before) {
          map.delete(key);
          purged += 1;
        }
      }
      return purged;
    },
    close() {
      claims = undefined;
    },
  };
}
