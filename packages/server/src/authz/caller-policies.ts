/**
 * What the policy engine needs to know about a caller: who it is (as a policy Principal), which
 * policies govern it, and the condition keys its credentials carry. The administrator key is the
 * account's root principal and may do everything; a role session is governed by its role's
 * current policies (inline, attached, boundary) and its session policies, exactly as IAM
 * evaluates a role session (IAM User Guide, "Policy evaluation logic").
 */
import { sessionContext } from '@anchorage/core/policy/session-context';
import type { NamedPolicy, PolicySet, RequestContext, RequestPrincipal } from '@anchorage/core/policy/types';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import type { Store } from '@anchorage/store/port';
import type { Caller } from '../control-plane/context.ts';
import { entityId } from '../iam/iam-lookup.ts';
import { rolePolicies } from '../iam/role-policies.ts';
import { parsePolicyCached } from './policy-cache.ts';

export interface RequestFacts {
  readonly now: number;
  readonly sourceIp?: string;
  readonly secureTransport?: boolean;
}

export type CallerPolicies =
  | {
      readonly kind: 'administrator';
      readonly principal: RequestPrincipal;
      readonly policies: PolicySet;
      readonly context: RequestContext;
    }
  | {
      readonly kind: 'session';
      readonly principal: RequestPrincipal;
      readonly policies: PolicySet;
      readonly context: RequestContext;
    }
  /** The session's role was deleted, or deleted and created again: the session may do nothing. */
  | { readonly kind: 'orphaned'; readonly reason: string };

const ALLOW_EVERYTHING =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

export function isAdministrator(caller: Caller, location: ServiceLocation): boolean {
  return (
    caller.session === undefined &&
    caller.principalArn === `arn:${location.partition}:iam::${location.accountId}:root`
  );
}

export async function callerPolicies(
  store: Store,
  location: ServiceLocation,
  caller: Caller,
  facts: RequestFacts,
): Promise<CallerPolicies> {
  const { session } = caller;
  if (session === undefined) {
    return {
      kind: 'administrator',
      principal: { type: 'Account', accountId: location.accountId, arn: caller.principalArn },
      // The root principal's implicit full access, written as the policy it amounts to.
      policies: {
        identityPolicies: [{ id: 'administrator', policy: parsePolicyCached(ALLOW_EVERYTHING, 'identity') }],
        resourceAccountId: location.accountId,
      },
      context: sessionContext({
        principalArn: caller.principalArn,
        accountId: location.accountId,
        principalType: 'Account',
        userId: location.accountId,
        now: facts.now,
        ...optionalFacts(facts),
      }),
    };
  }
  const role = await store.roles.get(entityId(session.roleName));
  if (role === undefined || role.roleId !== session.roleId) {
    return { kind: 'orphaned', reason: `the role ${session.roleArn} of this session no longer exists` };
  }
  const own = await rolePolicies(store, role);
  const sessionPolicies = await sessionPoliciesOf(store, session);
  return {
    kind: 'session',
    principal: {
      type: 'AssumedRole',
      accountId: session.accountId,
      arn: caller.principalArn,
      roleArn: role.arn,
    },
    policies: {
      identityPolicies: own.identity.map((p) => p.named),
      ...(own.boundary === undefined ? {} : { permissionsBoundary: own.boundary.named }),
      ...(sessionPolicies === undefined ? {} : { sessionPolicies }),
      resourceAccountId: location.accountId,
    },
    context: sessionContext({
      principalArn: role.arn,
      accountId: session.accountId,
      roleId: session.roleId,
      sessionName: session.sessionName,
      sessionTags: Object.fromEntries(session.tags.map((t) => [t.key, t.value])),
      ...(session.sourceIdentity === undefined ? {} : { sourceIdentity: session.sourceIdentity }),
      tokenIssueTime: session.issuedAt,
      now: facts.now,
      multiFactorAuthPresent: false,
      ...optionalFacts(facts),
    }),
  };
}

/**
 * A session made with session policies is limited to what they allow; one made without is not
 * limited by them. A managed session policy deleted since is gone from the list (it allows nothing).
 */
async function sessionPoliciesOf(store: Store, session: SessionClaims): Promise<NamedPolicy[] | undefined> {
  if (session.sessionPolicy === undefined && session.sessionPolicyArns.length === 0) return undefined;
  const policies: NamedPolicy[] = [];
  if (session.sessionPolicy !== undefined) {
    policies.push({ id: 'session-policy', policy: parsePolicyCached(session.sessionPolicy, 'session') });
  }
  for (const arn of session.sessionPolicyArns) {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const managed = await store.managedPolicies.get(entityId(name));
    const version =
      managed?.arn === arn
        ? managed.versions.find((v) => v.versionId === managed.defaultVersionId)
        : undefined;
    if (version !== undefined)
      policies.push({ id: arn, policy: parsePolicyCached(version.document, 'session') });
  }
  return policies;
}

function optionalFacts(facts: RequestFacts): { sourceIp?: string; secureTransport?: boolean } {
  return {
    ...(facts.sourceIp === undefined ? {} : { sourceIp: facts.sourceIp }),
    ...(facts.secureTransport === undefined ? {} : { secureTransport: facts.secureTransport }),
  };
}
