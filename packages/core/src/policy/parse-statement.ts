/**
 * One element of a policy's Statement list (IAM User Guide "IAM JSON policy elements reference"
 * and "Grammar of the IAM JSON policy language"), checked against what the policy's kind allows:
 *
 * - identity-based, session and boundary policies name no principal ("Policy document should not
 *   specify a principal.") and must have Resource or NotResource;
 * - role trust policies must have Principal or NotPrincipal and may not have Resource or
 *   NotResource (IAM's "Has prohibited field Resource");
 * - other resource-based policies must have a principal and may omit Resource;
 * - every statement has an Effect of Allow or Deny and Action or NotAction, never both of a pair.
 */
import { splitArnTokens } from './arn-parts.ts';
import type { JsonMember, JsonNode } from './json/json-node.ts';
import { describeNode } from './json/json-node.ts';
import { parseCondition } from './parse-condition.ts';
import { parsePrincipal } from './parse-principal.ts';
import { stringList } from './parse-values.ts';
import { malformedStatement } from './policy-error.ts';
import { tokenizeTemplate } from './policy-variables.ts';
import type { PolicyKind, SourcePosition, Statement } from './types.ts';

const FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** `service:Action` with wildcards in the action name, or `*` (IAM User Guide "IAM JSON policy elements: Action"). */
const ACTION = /^(?:\*|[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9_*?.-]+)$/;
/** IAM's rule for Sid: "Statement IDs (SID) must be alpha-numeric" (other services allow more). */
const IAM_SID = /^[0-9A-Za-z]*$/;

export function parseStatement(node: JsonNode, index: number, kind: PolicyKind): Statement {
  if (node.type !== 'object') {
    throw malformedStatement(index, `a statement must be an object, not ${describeNode(node)}`, node.start);
  }
  const field = (name: string): JsonMember | undefined => node.members.find((member) => member.key === name);
  for (const member of node.members) {
    if (!FIELDS.has(member.key))
      throw malformedStatement(index, `Unknown field ${member.key}`, member.keyStart);
  }

  const sid = parseSid(field('Sid'), index, kind);
  const effectMember = field('Effect');
  if (effectMember === undefined)
    throw malformedStatement(index, 'Missing required field Effect', node.start);
  const effectNode = effectMember.value;
  if (effectNode.type !== 'string' || (effectNode.value !== 'Allow' && effectNode.value !== 'Deny')) {
    throw malformedStatement(index, 'Effect must be Allow or Deny', effectNode.start);
  }

  const principal = field('Principal');
  const notPrincipal = field('NotPrincipal');
  const resourceBased = kind === 'trust' || kind === 'resource';
  if (!resourceBased && (principal !== undefined || notPrincipal !== undefined)) {
    throw malformedStatement(
      index,
      'Policy document should not specify a principal.',
      (principal ?? notPrincipal)?.keyStart,
    );
  }
  if (resourceBased && principal === undefined && notPrincipal === undefined) {
    throw malformedStatement(index, 'Missing required field Principal', node.start);
  }
  if (principal !== undefined && notPrincipal !== undefined) {
    throw malformedStatement(
      index,
      'a statement may have Principal or NotPrincipal, not both',
      notPrincipal.keyStart,
    );
  }

  const action = field('Action');
  const notAction = field('NotAction');
  if (action !== undefined && notAction !== undefined) {
    throw malformedStatement(index, 'a statement may have Action or NotAction, not both', notAction.keyStart);
  }
  const actionMember = action ?? notAction;
  if (actionMember === undefined)
    throw malformedStatement(index, 'Policy statement must contain actions.', node.start);
  const actions = stringList(actionMember.value, index, actionMember.key);
  if (actions.length === 0)
    throw malformedStatement(index, 'Policy statement must contain actions.', actionMember.value.start);
  for (const name of actions) checkAction(name, index, actionMember.value);

  const resource = field('Resource');
  const notResource = field('NotResource');
  if (kind === 'trust' && (resource !== undefined || notResource !== undefined)) {
    const prohibited = resource ?? notResource;
    throw malformedStatement(
      index,
      `Has prohibited field ${prohibited?.key ?? 'Resource'}`,
      prohibited?.keyStart,
    );
  }
  if (resource !== undefined && notResource !== undefined) {
    throw malformedStatement(
      index,
      'a statement may have Resource or NotResource, not both',
      notResource.keyStart,
    );
  }
  const resourceMember = resource ?? notResource;
  if (resourceMember === undefined && !resourceBased) {
    throw malformedStatement(index, 'Policy statement must contain resources.', node.start);
  }
  const resources =
    resourceMember === undefined ? undefined : stringList(resourceMember.value, index, resourceMember.key);
  if (resourceMember !== undefined && resources !== undefined) {
    if (resources.length === 0)
      throw malformedStatement(index, 'Policy statement must contain resources.', resourceMember.value.start);
    for (const name of resources) checkResource(name, index, resourceMember.value);
  }

  const conditionMember = field('Condition');
  return {
    ...(sid === undefined ? {} : { sid }),
    effect: effectNode.value,
    ...(principal === undefined ? {} : { principal: parsePrincipal(principal.value, index) }),
    ...(notPrincipal === undefined ? {} : { notPrincipal: parsePrincipal(notPrincipal.value, index) }),
    ...(action === undefined ? { notAction: actions } : { action: actions }),
    ...(resources === undefined
      ? {}
      : resource === undefined
        ? { notResource: resources }
        : { resource: resources }),
    ...(conditionMember === undefined ? {} : { condition: parseCondition(conditionMember.value, index) }),
    start: afterBrace(node.start),
    end: afterBrace(node.end),
    index,
  };
}

/**
 * IAM's simulator reports a statement by the positions just after its braces: for the AWS CLI's
 * documented `simulate-custom-policy` example, whose statement spans columns 37 to 166, IAM
 * answers StartPosition column 38 and EndPosition column 167.
 */
function afterBrace(position: SourcePosition): SourcePosition {
  return { line: position.line, column: position.column + 1 };
}

function parseSid(member: JsonMember | undefined, index: number, kind: PolicyKind): string | undefined {
  if (member === undefined) return undefined;
  if (member.value.type !== 'string') {
    throw malformedStatement(
      index,
      `Sid must be a string, not ${describeNode(member.value)}`,
      member.value.start,
    );
  }
  const sid = member.value.value;
  if (kind !== 'resource' && !IAM_SID.test(sid)) {
    throw malformedStatement(
      index,
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
      member.value.start,
    );
  }
  return sid;
}

function checkAction(name: string, index: number, node: JsonNode): void {
  if (ACTION.test(name)) return;
  const message = name.includes(':')
    ? `Action ${JSON.stringify(name)} must look like service:ActionName, with * and ? as wildcards`
    : `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (action ${JSON.stringify(name)})`;
  throw malformedStatement(index, message, node.start);
}

/** `*`, or `arn:partition:service:region:account:resource` (colons inside `${…}` do not count). */
function checkResource(name: string, index: number, node: JsonNode): void {
  if (name === '*') return;
  const parts = splitArnTokens(tokenizeTemplate(name));
  const first = parts?.[0]?.[0];
  const second = parts?.[1]?.[0];
  const wellFormed =
    parts !== undefined &&
    first?.kind === 'text' &&
    first.text === 'arn' &&
    parts[0]?.length === 1 &&
    second !== undefined &&
    (parts[2]?.length ?? 0) > 0;
  if (!wellFormed)
    throw malformedStatement(index, `Resource ${name} must be in ARN format or "*".`, node.start);
}
