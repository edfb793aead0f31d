import { validationError } from '../errors.ts';
import type { DerNode } from './node.ts';
import { describeTag, TagClass } from './tags.ts';

/** Refuses `node` unless it carries the universal tag `tagNumber`. */
export function expectUniversal(node: DerNode, tagNumber: number, what: string): void {
  if (node.tagClass !== TagClass.universal || node.tagNumber !== tagNumber) {
    const expected = describeTag(TagClass.universal, tagNumber, false);
    throw validationError(`${what} must be ${article(expected)} ${expected}, found ${node.describe()}`);
  }
}

/** Refuses `node` unless it carries the context-specific tag `[tagNumber]` in the given form. */
export function expectContext(node: DerNode, tagNumber: number, constructed: boolean, what: string): void {
  if (!node.isContext(tagNumber) || node.constructed !== constructed) {
    const expected = describeTag(TagClass.contextSpecific, tagNumber, constructed);
    throw validationError(`${what} must be tagged ${expected}, found ${node.describe()}`);
  }
}

/** The single element inside an EXPLICIT context tag `[tagNumber]` (X.680 §31.2.7). */
export function readExplicit(node: DerNode, tagNumber: number, what: string): DerNode {
  expectContext(node, tagNumber, true, what);
  const [inner, extra] = node.children;
  if (inner === undefined || extra !== undefined) {
    throw validationError(`${what} must wrap exactly one element in its [${tagNumber}] tag`);
  }
  return inner;
}

function article(word: string): string {
  // 'an INTEGER', 'an OCTET STRING', but 'a UTF8String'.
  return /^[AEIO]/.test(word) ? 'an' : 'a';
}
