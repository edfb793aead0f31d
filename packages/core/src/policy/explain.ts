/**
 * The sentences a Decision carries: which statement decided, or which policy group failed to
 * allow, in words a person reading a log or an audit record understands.
 */
import type { MatchedStatement } from './types.ts';

export type PolicyGroup = MatchedStatement['policyType'];

export function describeStatement(hit: MatchedStatement): string {
  const name =
    hit.sid === undefined || hit.sid === ''
      ? `statement #${hit.index + 1}`
      : `statement '${hit.sid}' (#${hit.index + 1})`;
  const where =
    hit.policyType === 'resource' ? `the resource policy '${hit.policyId}'` : `policy '${hit.policyId}'`;
  return `${name} of ${where}`;
}

/** "the session policies", "the permissions boundary 'b'"… */
export function describeGroup(group: PolicyGroup, policyId?: string): string {
  switch (group) {
    case 'identity':
      return 'the identity-based policies';
    case 'session':
      return 'the session policies';
    case 'boundary':
      return policyId === undefined ? 'the permissions boundary' : `the permissions boundary '${policyId}'`;
    case 'resource':
      return policyId === undefined ? 'the resource policy' : `the resource policy '${policyId}'`;
  }
}

export function explicitDenyReason(hit: MatchedStatement): string {
  return `explicitly denied by ${describeStatement(hit)}`;
}

export function allowedReason(hits: readonly MatchedStatement[]): string {
  // One statement per group is enough to read; matchedStatements lists them all.
  const firstPerGroup = new Map<PolicyGroup, MatchedStatement>();
  for (const hit of hits) if (!firstPerGroup.has(hit.policyType)) firstPerGroup.set(hit.policyType, hit);
  return `allowed by ${[...firstPerGroup.values()].map(describeStatement).join(' and ')}`;
}

export function implicitDenyReason(what: string, action: string, resource: string, why?: string): string {
  const prefix = why === undefined ? '' : `${why}, and `;
  return `implicitly denied: ${prefix}no statement in ${what} allows ${action} on ${resource}`;
}
