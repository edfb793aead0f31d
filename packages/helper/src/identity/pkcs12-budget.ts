import { readInteger } from '@anchorage/core/der/integer';
import type { DerNode } from '@anchorage/core/der/node';
import { malformed, Pkcs12Error } from './pkcs12-error.ts';

/**
 * Password-based key derivation costs what the file says it costs, so a hostile file could ask
 * for hours of hashing. Real writers use 1 to a few hundred thousand iterations (OpenSSL 2048,
 * Java 10000); we cap one derivation and, since a file may hold many encrypted parts, the total.
 */
export const MAX_ITERATIONS = 2_000_000;
export const MAX_TOTAL_ITERATIONS = 8_000_000;

/** An iteration count: INTEGER (1..MAX) (RFC 8018 §A.2, RFC 7292 Appendix C), capped. */
export function readIterationCount(node: DerNode, what: string): number {
  const value = readInteger(node, what);
  if (value < 1n) throw malformed(`${what} is ${value}; it must be at least 1`);
  if (value > BigInt(MAX_ITERATIONS)) {
    throw new Pkcs12Error(
      `PKCS#12 file asks for ${value} iterations in ${what}; Anchorage refuses more than ${MAX_ITERATIONS.toLocaleString('en-US')} per key derivation so that a hostile file cannot stall it — re-export the file with a smaller iteration count (e.g. \`openssl pkcs12 -export -iter 100000\`)`,
    );
  }
  return Number(value);
}

/** The iterations spent on one file, charged before each derivation runs. */
export class WorkBudget {
  #spent = 0;

  /** `rounds` counts the derivation's passes over `iterations` (blocks of output). */
  charge(iterations: number, rounds: number, what: string): void {
    this.#spent += iterations * rounds;
    if (this.#spent > MAX_TOTAL_ITERATIONS) {
      throw new Pkcs12Error(
        `PKCS#12 file needs more than ${MAX_TOTAL_ITERATIONS.toLocaleString('en-US')} key-derivation iterations in total (reached at ${what}); Anchorage stops there so that a hostile file cannot stall it — re-export the file with a smaller iteration count`,
      );
    }
  }
}
