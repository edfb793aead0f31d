import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

export function readOctetString(node: DerNode, what: string): Uint8Array {
  expectUniversal(node, UniversalTag.octetString, what);
  return node.content;
}
