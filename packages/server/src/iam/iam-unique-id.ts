/**
 * IAM unique ids: a four-letter prefix naming the entity type and 17 upper-case base32
 * characters, 21 in all, as AWS forms them (IAM User Guide "IAM identifiers", "Unique
 * identifiers": `AROA` for roles, `ANPA` for managed policies). The randomness comes from the
 * request context's id source, so tests can make ids predictable.
 */
import { createHash } from 'node:crypto';

export type UniqueIdPrefix = 'AROA' | 'ANPA';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const RANDOM_CHARACTERS = 17;

export function newUniqueId(prefix: UniqueIdPrefix, newId: () => string): string {
  const bytes = createHash('sha256').update(newId()).digest();
  let id = prefix;
  for (let i = 0; i < RANDOM_CHARACTERS; i++) id += BASE32[(bytes[i] ?? 0) & 31];
  return id;
}
