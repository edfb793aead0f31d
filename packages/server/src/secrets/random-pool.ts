/**
 * Random bytes from the system CSPRNG, drawn in 4 KiB refills: minting a session needs three
 * small random values (key id, secret, nonce), and one call to the generator per value costs more
 * than the values. Same generator, same quality; the pool is used once and never handed out twice.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 8) return randomBytes(size);
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  // Used bytes are overwritten so that no copy of a secret's randomness lingers in the pool.
  pool.fill(0, offset, offset + size);
  offset += size;
  return out;
}
