/**
 * Checks a session policy before it is stored or used (a profile's `sessionPolicy`, AssumeRole's
 * `Policy`): the characters the STS API accepts (U+0009, U+000A, U+000D, U+0020–U+00FF), at most
 * 2,048 characters not counting white space, and the policy grammar of a session policy.
 */
import { validationError } from '../errors.ts';
import { SESSION_POLICY_MAX_SIZE } from './limits.ts';
import { parsePolicy, policySize } from './parse-policy.ts';
import type { Policy } from './types.ts';

export function checkSessionPolicy(text: string, field = 'sessionPolicy'): Policy {
  if (!/^[\t\n\r\u0020-\u00ff]*$/.test(text)) {
    throw validationError(
      `${field} may contain only the characters U+0009, U+000A, U+000D and U+0020 to U+00FF`,
    );
  }
  const size = policySize(text);
  if (size > SESSION_POLICY_MAX_SIZE) {
    throw validationError(
      `${field} is ${size} characters without white space; a session policy may have at most ${SESSION_POLICY_MAX_SIZE}`,
    );
  }
  return parsePolicy(text, 'session');
}
