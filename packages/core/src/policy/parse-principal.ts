/**
 * The Principal / NotPrincipal element (IAM User Guide "AWS JSON policy elements: Principal"):
 * `"*"`, or an object whose members are `AWS` (account ids, account root ARNs, IAM user and role
 * ARNs, assumed-role session ARNs, `*`), `Service` (service principal names), `Federated`
 * (identity providers) and `CanonicalUser`, each a string or a list of strings. Wildcards are not
 * allowed inside principal ARNs. Refusals use IAM's wording, "Invalid principal in policy".
 */
import type { JsonNode } from './json/json-node.ts';
import { malformedStatement } from './policy-error.ts';
import type { PrincipalBlock } from './types.ts';

const PARTITION = 'arn:aws[a-z-]*';
const AWS_PRINCIPAL = new RegExp(
  [
    '^\\*$',
    '^\\d{12}$',
    `^${PARTITION}:iam::\\d{12}:root$`,
    `^${PARTITION}:iam::\\d{12}:(?:user|role)/(?:[\\x21-\\x29\\x2b-\\x2e\\x30-\\x7e]+/)*[\\w+=,.@-]+$`,
    `^${PARTITION}:sts::\\d{12}:assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+$`,
    `^${PARTITION}:sts::\\d{12}:federated-user/[\\w+=,.@-]+$`,
  ].join('|'),
);
/** IAM's longest ARN; checked before any pattern so that matching stays cheap. */
const MAX_PRINCIPAL_LENGTH = 2048;
const VALID: Readonly<Record<string, RegExp>> = {
  AWS: AWS_PRINCIPAL,
  Service: /^[a-z0-9][a-z0-9.-]*\.[a-z0-9.-]+$/i,
  Federated: /^[\x21-\x7e]+$/,
  CanonicalUser: /^[0-9a-f]{64}$/,
};

function invalid(statement: number, shown: string, node: JsonNode): Error {
  return malformedStatement(statement, `Invalid principal in policy: ${shown}`, node.start);
}

export function parsePrincipal(node: JsonNode, statement: number): PrincipalBlock {
  if (node.type === 'string') {
    if (node.value === '*') return { kind: 'any' };
    throw invalid(statement, JSON.stringify(node.value), node);
  }
  if (node.type !== 'object' || node.members.length === 0) throw invalid(statement, describe(node), node);
  const entries: [string, string[]][] = [];
  for (const member of node.members) {
    const pattern = VALID[member.key];
    if (pattern === undefined || !Object.hasOwn(VALID, member.key)) {
      throw invalid(statement, `${JSON.stringify(member.key)}:${describe(member.value)}`, member.value);
    }
    const items = member.value.type === 'array' ? member.value.items : [member.value];
    if (items.length === 0) throw invalid(statement, `${JSON.stringify(member.key)}:[]`, member.value);
    const values = items.map((item) => {
      if (item.type !== 'string' || item.value.length > MAX_PRINCIPAL_LENGTH || !pattern.test(item.value)) {
        throw invalid(statement, `${JSON.stringify(member.key)}:${describe(item)}`, item);
      }
      return item.value;
    });
    entries.push([member.key, values]);
  }
  return { kind: 'typed', entries: Object.fromEntries(entries) };
}

function describe(node: JsonNode): string {
  switch (node.type) {
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.raw;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return '[…]';
    case 'object':
      return '{…}';
  }
}
