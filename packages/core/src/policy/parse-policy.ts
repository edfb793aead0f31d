/**
 * Parses and validates an IAM policy document (IAM User Guide "IAM JSON policy elements
 * reference", "Grammar of the IAM JSON policy language"): the JSON itself (with positions, and
 * duplicate member names refused), the top-level elements Version, Id and Statement, and every
 * statement against what the policy's kind allows. Anything wrong is refused with
 * `MalformedPolicyDocument`, the error IAM and STS use, in IAM's words where we know them and
 * saying where in the document.
 *
 * Version must be 2012-10-17 or 2008-10-17 when present; a policy without Version is read as
 * 2008-10-17, where `${…}` is literal text rather than a policy variable (IAM User Guide "IAM JSON
 * policy elements: Version").
 *
 * Size limits are the callers' to enforce, with their own error codes: see `limits.ts`.
 */
import { at, describeNode } from './json/json-node.ts';
import { JsonSyntaxError, parseJson } from './json/parse-json.ts';
import { parseStatement } from './parse-statement.ts';
import { malformed } from './policy-error.ts';
import type { Policy, PolicyKind, Statement } from './types.ts';

export {
  MANAGED_POLICY_MAX_SIZE,
  policySize,
  ROLE_INLINE_POLICIES_MAX_SIZE,
  ROLE_TRUST_POLICY_MAX_SIZE,
  SESSION_POLICY_MAX_SIZE,
} from './limits.ts';

const VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);

export function parsePolicy(text: string, kind: PolicyKind): Policy {
  let document: ReturnType<typeof parseJson>;
  try {
    document = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw malformed(`Syntax errors in policy. ${capitalise(error.message)} at ${at(error.position)}.`);
    }
    throw error;
  }
  if (document.type !== 'object') {
    throw malformed(
      `Syntax errors in policy. The policy must be a JSON object, not ${describeNode(document)}`,
      document.start,
    );
  }
  for (const member of document.members) {
    if (!TOP_LEVEL.has(member.key)) throw malformed(`Unknown field ${member.key}`, member.keyStart);
  }
  const field = (name: string) => document.members.find((member) => member.key === name);

  const versionMember = field('Version');
  let version: Policy['version'] = '2008-10-17';
  if (versionMember !== undefined) {
    const node = versionMember.value;
    const known = node.type === 'string' ? VERSIONS.find((candidate) => candidate === node.value) : undefined;
    if (known === undefined) {
      const shown = node.type === 'string' ? JSON.stringify(node.value) : describeNode(node);
      throw malformed(`Invalid Version ${shown}: Version must be 2012-10-17 or 2008-10-17`, node.start);
    }
    version = known;
  }

  const idMember = field('Id');
  if (idMember !== undefined && idMember.value.type !== 'string') {
    throw malformed(`Id must be a string, not ${describeNode(idMember.value)}`, idMember.value.start);
  }
  const id = idMember?.value.type === 'string' ? idMember.value.value : undefined;

  const statementMember = field('Statement');
  if (statementMember === undefined) throw malformed('Missing required field Statement', document.start);
  // "Statement" holds one statement object or a list of them.
  const list = statementMember.value.type === 'array' ? statementMember.value.items : [statementMember.value];
  if (list.length === 0)
    throw malformed('Policy document must contain at least one statement.', statementMember.value.start);
  const statements = list.map((node, index) => parseStatement(node, index, kind));
  checkUniqueSids(statements);

  return { version, ...(id === undefined ? {} : { id }), statements, kind };
}

/** "Statement IDs (SID) in a single policy must be unique." (IAM's message); an empty Sid names nothing. */
function checkUniqueSids(statements: readonly Statement[]): void {
  const seen = new Map<string, Statement>();
  for (const statement of statements) {
    if (statement.sid === undefined || statement.sid === '') continue;
    const earlier = seen.get(statement.sid);
    if (earlier !== undefined) {
      throw malformed(
        `Statement IDs (SID) in a single policy must be unique. Statements ${earlier.index + 1} and ${statement.index + 1} both have Sid ${JSON.stringify(statement.sid)}`,
        statement.start,
      );
    }
    seen.set(statement.sid, statement);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
