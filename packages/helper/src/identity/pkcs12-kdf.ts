import { Buffer } from 'node:buffer';
import { hash } from 'node:crypto';
import type { WorkBudget } from './pkcs12-budget.ts';
import type { HashInfo } from './pkcs12-hashes.ts';

/** RFC 7292 Appendix B.3: what the derived bytes are for. */
export const KdfPurpose = { key: 1, iv: 2, mac: 3 } as const;
export type KdfPurposeValue = (typeof KdfPurpose)[keyof typeof KdfPurpose];

/**
 * The PKCS#12 key derivation of RFC 7292 Appendix B.2. `password` is already the BMPString
 * bytes with their terminator (or none, see pkcs12-password.ts).
 */
export function pkcs12Kdf(
  digest: HashInfo,
  password: Uint8Array,
  salt: Uint8Array,
  purpose: KdfPurposeValue,
  iterations: number,
  length: number,
  budget: WorkBudget,
): Buffer {
  const u = digest.outputSize;
  const v = digest.blockSize;
  const rounds = Math.ceil(length / u);
  budget.charge(iterations, rounds, 'the PKCS#12 key derivation');
  // Steps 1-4: D is the purpose byte repeated; I is salt and password each stretched to a
  // multiple of v bytes.
  const diversifier = Buffer.alloc(v, purpose);
  const input = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(password, v)]);
  const output: Buffer[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Step 6a: A_i = H^r(D || I).
    let block = hash(digest.name, Buffer.concat([diversifier, input]), 'buffer');
    for (let iteration = 1; iteration < iterations; iteration += 1) {
      block = hash(digest.name, block, 'buffer');
    }
    output.push(block);
    if (round + 1 < rounds) {
      // Steps 6b-6c: B is A_i stretched to v bytes; every v-byte block I_j becomes
      // (I_j + B + 1) mod 2^(8v).
      const increment = repeatToLength(block, v);
      for (let offset = 0; offset < input.length; offset += v) addBlock(input, offset, increment);
    }
  }
  return Buffer.concat(output).subarray(0, length);
}

/** Concatenated copies of `bytes`, cut to v·⌈len/v⌉ bytes; empty stays empty. */
function repeatToBlocks(bytes: Uint8Array, v: number): Buffer {
  return repeatToLength(bytes, v * Math.ceil(bytes.length / v));
}

function repeatToLength(bytes: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let index = 0; index < length; index += bytes.length)
    out.set(bytes.subarray(0, length - index), index);
  return out;
}

/** target[offset..offset+v) += increment + 1, big-endian, dropping the final carry. */
function addBlock(target: Buffer, offset: number, increment: Buffer): void {
  let carry = 1;
  for (let index = increment.length - 1; index >= 0; index -= 1) {
    const sum = (target[offset + index] ?? 0) + (increment[index] ?? 0) + carry;
    target[offset + index] = sum & 0xff;
    carry = sum >> 8;
  }
}
