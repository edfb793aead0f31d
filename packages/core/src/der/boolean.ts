import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

/** X.690 §11.1: in DER, TRUE is the single octet 0xFF and FALSE is 0x00. */
export function readBoolean(node: DerNode, what: string): boolean {
  expectUniversal(node, UniversalTag.boolean, what);
  const [octet, extra] = node.content;
  if (extra !== undefined || (octet !== 0x00 && octet !== 0xff)) {
    throw validationError(
      `${what} is a BOOLEAN that is not encoded as a single 0x00 or 0xFF octet (X.690 §11.1)`,
    );
  }
  return octet === 0xff;
}
