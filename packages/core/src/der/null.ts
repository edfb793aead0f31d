import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

/** X.690 §8.8: NULL has no contents octets. */
export function readNull(node: DerNode, what: string): null {
  expectUniversal(node, UniversalTag.null, what);
  if (node.contentLength !== 0) throw validationError(`${what} is a NULL with content octets`);
  return null;
}
