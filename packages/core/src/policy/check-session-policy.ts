/**
 * Checks a profile's inline session policy before it is stored: valid JSON, the IAM policy
 * grammar's top level, and the AssumeRole limits on session policies (at most 2,048 characters
 * not counting white space, characters U+0009, U+000A, U+000D and U+0020–U+00FF). The full
 * policy grammar and evaluation live in the policy engine; this guards what a profile may hold.
 */
import { validationError } from '../errors.ts';

export const MAX_SESSION_POLICY_CHARS = 2048;

const VERSIONS = ['2012-10-17', '2008-10-17'];

export function checkSessionPolicy(text: string, field = 'sessionPolicy'): void {
  if (!/^[\t\n\r\u0020-\u00ff]*$/.test(text)) {
    throw validationError(
      `${field} may contain only the characters U+0009, U+000A, U+000D and U+0020 to U+00FF`,
    );
  }
  const size = text.replace(/\s/g, '').length;
  if (size > MAX_SESSION_POLICY_CHARS) {
    throw validationError(
      `${field} is ${size} characters without white space; a session policy may have at most ${MAX_SESSION_POLICY_CHARS}`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw validationError(`${field} is not valid JSON`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw validationError(`${field} must be a JSON object`);
  }
  const policy = document as Record<string, unknown>;
  if (policy.Version !== undefined && !VERSIONS.includes(String(policy.Version))) {
    throw validationError(`${field}: Version must be 2012-10-17 or 2008-10-17`);
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  if (policy.Statement === undefined || statements.length === 0) {
    throw validationError(`${field}: Statement is required`);
  }
  statements.forEach((statement, i) => {
    checkStatement(statement, `${field}: Statement ${i + 1}`);
  });
}

function checkStatement(statement: unknown, where: string): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw validationError(`${where} must be an object`);
  }
  const s = statement as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
    throw validationError(`${where}: Effect must be Allow or Deny`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    throw validationError(`${where} must have exactly one of Action or NotAction`);
  }
  if ((s.Resource === undefined) === (s.NotResource === undefined)) {
    throw validationError(`${where} must have exactly one of Resource or NotResource`);
  }
  // A session policy is an identity-based policy: it applies to the session, so it names no principal.
  if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
    throw validationError(`${where}: a session policy cannot have Principal or NotPrincipal`);
  }
}
