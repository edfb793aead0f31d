/**
 * Refusals of the policy parser: `MalformedPolicyDocument`, the error IAM and STS return for a
 * policy they cannot accept, with IAM's wording where we know it and the place in the document.
 */
import { AnchorageError } from '../errors.ts';
import { at } from './json/json-node.ts';
import type { SourcePosition } from './types.ts';

export function malformed(message: string, position?: SourcePosition): AnchorageError {
  const where = position === undefined ? '' : ` (${at(position)})`;
  return new AnchorageError('MalformedPolicyDocument', `${message}${where}`);
}

/** A refusal about statement `index` (0-based), numbered from 1 as IAM's messages do. */
export function malformedStatement(
  index: number,
  message: string,
  position?: SourcePosition,
): AnchorageError {
  return malformed(`Statement ${index + 1}: ${message}`, position);
}
