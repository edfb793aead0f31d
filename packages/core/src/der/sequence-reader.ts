import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

/**
 * Walks the fields of a SEQUENCE in order, the way the ASN.1 definition reads: required fields
 * with `next`, OPTIONAL/DEFAULT ones with `optional…`, and `end` to refuse trailing elements.
 */
export class SequenceReader {
  readonly what: string;
  readonly #items: readonly DerNode[];
  #index = 0;

  constructor(items: readonly DerNode[], what: string) {
    this.#items = items;
    this.what = what;
  }

  get remaining(): number {
    return this.#items.length - this.#index;
  }

  /** The next field, which must be present. */
  next(field: string): DerNode {
    const item = this.#items[this.#index];
    if (item === undefined) throw validationError(`${this.what} lacks its ${field}`);
    this.#index += 1;
    return item;
  }

  /** Consumes the next field if it carries context tag `[tagNumber]` (either form). */
  optionalContext(tagNumber: number): DerNode | null {
    const item = this.#items[this.#index];
    if (item === undefined || !item.isContext(tagNumber)) return null;
    this.#index += 1;
    return item;
  }

  /** Consumes the next field if it carries the universal tag `tagNumber`. */
  optionalUniversal(tagNumber: number): DerNode | null {
    const item = this.#items[this.#index];
    if (item === undefined || !item.isUniversal || item.tagNumber !== tagNumber) return null;
    this.#index += 1;
    return item;
  }

  /** Refuses any element left after the last field the definition allows. */
  end(): void {
    const item = this.#items[this.#index];
    if (item !== undefined) {
      throw validationError(`${this.what} has an unexpected ${item.describe()} after its last field`);
    }
  }
}

export function readSequence(node: DerNode, what: string): SequenceReader {
  expectUniversal(node, UniversalTag.sequence, what);
  return new SequenceReader(node.children, what);
}

/** The elements of a SEQUENCE OF, optionally requiring at least one (SIZE (1..MAX)). */
export function readSequenceOf(node: DerNode, what: string, minimum = 0): readonly DerNode[] {
  expectUniversal(node, UniversalTag.sequence, what);
  if (node.children.length < minimum) throw validationError(`${what} must not be empty`);
  return node.children;
}

/**
 * The elements of a SET OF. DER orders them by encoding (X.690 §11.6); we do not refuse an
 * unsorted SET because widely deployed CAs have emitted multi-valued RDNs out of order and the
 * order carries no meaning for the fields we read.
 */
export function readSetOf(node: DerNode, what: string, minimum = 0): readonly DerNode[] {
  expectUniversal(node, UniversalTag.set, what);
  if (node.children.length < minimum) throw validationError(`${what} must not be empty`);
  return node.children;
}
