/**
 * The role trust check of CreateSession (protocol notes §3.4): Roles Anywhere assumes the role as
 * the service principal `rolesanywhere.amazonaws.com`, so the role's trust policy alone decides,
 * for `sts:AssumeRole`, `sts:TagSession` (the certificate's attributes become session tags) and
 * `sts:SetSourceIdentity`, with the context the service sets: `aws:SourceArn` (the trust
 * anchor), `aws:SourceAccount`, the certificate tags as principal and request tags,
 * `sts:SourceIdentity` and `sts:RoleSessionName`.
 */
import { evaluate } from '../policy/evaluate.ts';
import { failedConditions } from '../policy/failed-conditions.ts';
import { isoSeconds } from '../policy/session-context.ts';
import type { Decision, Policy, RequestContext } from '../policy/types.ts';
import type { SessionTag } from '../sts/session-claims.ts';

export const ROLES_ANYWHERE_PRINCIPAL = 'rolesanywhere.amazonaws.com';

export interface RoleTrustQuestion {
  readonly trustPolicy: Policy;
  readonly roleArn: string;
  readonly accountId: string;
  readonly trustAnchorArn: string;
  readonly tags: readonly SessionTag[];
  readonly sourceIdentity: string;
  readonly sessionName: string;
  readonly now: number;
  readonly sourceIp?: string;
  readonly secureTransport?: boolean;
}

export interface RoleTrustAnswer {
  readonly allowed: boolean;
  /** The action that was not allowed, when one was not. */
  readonly action?: string;
  readonly decision: Decision;
  /** When not allowed: the conditions that kept otherwise matching statements from allowing. */
  readonly explanation?: string;
}

export function trustContext(q: RoleTrustQuestion): RequestContext {
  const context: Record<string, string | readonly string[]> = {
    'aws:SourceArn': q.trustAnchorArn,
    'aws:SourceAccount': q.accountId,
    'sts:SourceIdentity': q.sourceIdentity,
    'sts:RoleSessionName': q.sessionName,
    'aws:CurrentTime': isoSeconds(q.now),
    'aws:EpochTime': String(Math.floor(q.now / 1000)),
  };
  if (q.sourceIp !== undefined) context['aws:SourceIp'] = q.sourceIp;
  if (q.secureTransport !== undefined) context['aws:SecureTransport'] = String(q.secureTransport);
  if (q.tags.length > 0) context['aws:TagKeys'] = q.tags.map((t) => t.key);
  for (const tag of q.tags) {
    context[`aws:PrincipalTag/${tag.key}`] = tag.value;
    context[`aws:RequestTag/${tag.key}`] = tag.value;
  }
  return context;
}

export function evaluateRoleTrust(q: RoleTrustQuestion): RoleTrustAnswer {
  const actions = [
    'sts:AssumeRole',
    ...(q.tags.length > 0 ? ['sts:TagSession'] : []),
    'sts:SetSourceIdentity',
  ];
  const context = trustContext(q);
  let last: Decision | undefined;
  for (const action of actions) {
    const decision = evaluate(
      {
        principal: { type: 'Service', service: ROLES_ANYWHERE_PRINCIPAL },
        action,
        resource: q.roleArn,
        context,
      },
      {
        identityPolicies: [],
        resourcePolicy: { id: 'trust policy', policy: q.trustPolicy },
        resourceAccountId: q.accountId,
      },
    );
    if (decision.decision !== 'Allowed') {
      const failing = failedConditions(q.trustPolicy, action, context).map(
        (f) => `statement ${f.sid === undefined ? `#${f.index + 1}` : `'${f.sid}'`}: ${f.failing.join('; ')}`,
      );
      return {
        allowed: false,
        action,
        decision,
        ...(failing.length === 0 ? {} : { explanation: `conditions not met — ${failing.join(' | ')}` }),
      };
    }
    last = decision;
  }
  if (last === undefined) throw new TypeError('unreachable: at least one action is evaluated');
  return { allowed: true, decision: last };
}
