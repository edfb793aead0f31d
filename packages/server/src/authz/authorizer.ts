/**
 * Authorisation of a caller for one action on one resource, with the policy engine. The
 * administrator may do everything; a role session only what its policies allow. A refusal is
 * `AccessDenied` in AWS's words on the wire ("User: <arn> is not authorized to perform: <action>
 * on resource: <arn> because …"), with the engine's explanation in the log. Every decision is
 * also reported to the request's decision observer (`decision-observer.ts`), for the audit trail.
 */
import { AnchorageError } from '@anchorage/core/errors';
import { evaluate } from '@anchorage/core/policy/evaluate';
import type { Decision, RequestContext } from '@anchorage/core/policy/types';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import type { Caller } from '../control-plane/context.ts';
import { callerPolicies, type RequestFacts } from './caller-policies.ts';
import { reportDecision } from './decision-observer.ts';

export interface AuthorizationResult {
  readonly allowed: boolean;
  /** Why, in a sentence; for the log, the audit record and the authorisation endpoint. */
  readonly reason: string;
  readonly decision?: Decision;
}

export interface Authorizer {
  /** The decision, without throwing. */
  decide(
    caller: Caller,
    action: string,
    resource: string,
    facts: RequestFacts,
    requestContext?: RequestContext,
  ): Promise<AuthorizationResult>;
  /** Throws AccessDeniedException unless the caller may do `action` on `resource`. */
  authorize(
    caller: Caller,
    action: string,
    resource: string,
    facts: RequestFacts,
    requestContext?: RequestContext,
  ): Promise<void>;
}

export function createAuthorizer(store: Store, location: ServiceLocation): Authorizer {
  const evaluateFor: Authorizer['decide'] = async (caller, action, resource, facts, requestContext = {}) => {
    const subject = await callerPolicies(store, location, caller, facts);
    if (subject.kind === 'orphaned') return { allowed: false, reason: subject.reason };
    if (subject.kind === 'administrator')
      return { allowed: true, reason: 'the administrator may do everything' };
    const decision = evaluate(
      { principal: subject.principal, action, resource, context: { ...requestContext, ...subject.context } },
      subject.policies,
    );
    return { allowed: decision.decision === 'Allowed', reason: decision.reason, decision };
  };
  const decide: Authorizer['decide'] = async (caller, action, resource, facts, requestContext) => {
    const result = await evaluateFor(caller, action, resource, facts, requestContext);
    reportDecision({
      principal: caller.principalArn,
      action,
      resource,
      allowed: result.allowed,
      reason: result.reason,
    });
    return result;
  };
  return {
    decide,
    async authorize(caller, action, resource, facts, requestContext) {
      const result = await decide(caller, action, resource, facts, requestContext);
      if (!result.allowed) throw accessDenied(caller, action, resource, result);
    },
  };
}

export function accessDenied(
  caller: Caller,
  action: string,
  resource: string,
  result: AuthorizationResult,
): AnchorageError {
  const because =
    result.decision?.decision === 'ExplicitDeny'
      ? `with an explicit deny in a ${policyTypeOf(result.decision)} policy`
      : `no ${policyTypeOf(result.decision)} policy allows the ${action} action`;
  return new AnchorageError(
    'AccessDeniedException',
    `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: ${resource} because ${because}`,
    { reason: result.reason },
  );
}

/** The policy group AWS names in its denial messages: where the deny came from, or what did not allow. */
function policyTypeOf(decision: Decision | undefined): string {
  const names = {
    identity: 'identity-based',
    session: 'session',
    boundary: 'permissions boundary',
    resource: 'resource-based',
  };
  if (decision === undefined) return 'identity-based';
  const denied = decision.matchedStatements.find((s) => s.effect === 'Deny')?.policyType;
  if (decision.decision === 'ExplicitDeny' && denied !== undefined) return names[denied];
  for (const type of ['boundary', 'session', 'identity'] as const) {
    if (decision.byPolicyType[type] !== undefined && decision.byPolicyType[type] !== 'Allowed')
      return names[type];
  }
  return 'identity-based';
}
