import { expectContext } from '../der/expect.ts';
import { checkIntegerContent, twosComplementToBigInt } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { validationError } from '../errors.ts';
import { type GeneralName, parseGeneralName } from './general-name.ts';

/** RFC 5280 §4.2.1.10 GeneralSubtree. */
export interface GeneralSubtree {
  readonly base: GeneralName;
  /** RFC 5280 requires 0; kept so the validator can refuse anything else. */
  readonly minimum: number;
  /** RFC 5280 requires it absent (null). */
  readonly maximum: number | null;
}

export interface NameConstraints {
  readonly permitted: readonly GeneralSubtree[] | null;
  readonly excluded: readonly GeneralSubtree[] | null;
}

export function parseNameConstraints(node: DerNode, what: string): NameConstraints {
  const fields = readSequence(node, what);
  const permittedNode = fields.optionalContext(0);
  const excludedNode = fields.optionalContext(1);
  fields.end();
  if (permittedNode === null && excludedNode === null) {
    throw validationError(`${what} has neither permittedSubtrees nor excludedSubtrees (RFC 5280 §4.2.1.10)`);
  }
  return {
    permitted: permittedNode === null ? null : parseSubtrees(permittedNode, 0, `${what} permittedSubtrees`),
    excluded: excludedNode === null ? null : parseSubtrees(excludedNode, 1, `${what} excludedSubtrees`),
  };
}

/** [n] IMPLICIT GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree. */
function parseSubtrees(node: DerNode, tagNumber: number, what: string): readonly GeneralSubtree[] {
  expectContext(node, tagNumber, true, what);
  if (node.children.length === 0) throw validationError(`${what} must not be empty`);
  return node.children.map((item, index) => {
    const label = `${what} entry ${index + 1}`;
    const fields = readSequence(item, label);
    const base = parseGeneralName(fields.next('base'), `${label} base`, 'constraint');
    const minimumNode = fields.optionalContext(0);
    const maximumNode = fields.optionalContext(1);
    fields.end();
    return {
      base,
      minimum: minimumNode === null ? 0 : baseDistance(minimumNode, 0, `${label} minimum`),
      maximum: maximumNode === null ? null : baseDistance(maximumNode, 1, `${label} maximum`),
    };
  });
}

/** BaseDistance ::= INTEGER (0..MAX), IMPLICIT-tagged. */
function baseDistance(node: DerNode, tagNumber: number, what: string): number {
  expectContext(node, tagNumber, false, what);
  const value = twosComplementToBigInt(checkIntegerContent(node.content, what));
  if (value < 0n || value > 0x7fffffffn) throw validationError(`${what} must be between 0 and 2147483647`);
  return Number(value);
}
