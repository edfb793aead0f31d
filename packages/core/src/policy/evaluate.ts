/**
 * The AWS policy evaluation logic (IAM User Guide "Policy evaluation logic", with its sections
 * "Determining whether a request is allowed or denied within an account" and "Cross-account
 * policy evaluation logic"), for the policy types Anchorage has: identity-based policies, session
 * policies, a permissions boundary and one resource-based policy (a role trust policy or another).
 *
 * 1. An explicit Deny in any applicable policy decides: ExplicitDeny.
 * 2. Otherwise an Allow is needed. On the identity side, the identity-based policies must allow,
 *    and so must the permissions boundary and the session policies when present (the effective
 *    permissions are their intersection).
 * 3. A resource-based policy in the caller's own account adds to that, depending on how it names
 *    the caller: an Allow naming the session itself (the assumed-role session ARN, an IAM user's
 *    ARN) is enough on its own, "not limited by an implicit deny in an identity-based policy, a
 *    permissions boundary, or session policy"; one naming the role ARN is "limited by an implicit
 *    deny in a permissions boundary or session policy"; one naming only the account delegates to
 *    the account's identity-based policies, so the identity side must allow. Role trust policies
 *    are the documented exception to "an allow in either is enough": they "must explicitly allow
 *    access for principals", so with a trust policy the identity side alone is not enough.
 * 4. Across accounts both evaluations must allow: the identity side in the caller's account and
 *    the resource-based policy in the resource's account. The resource's account is
 *    `resourceAccountId`, else the account field of the resource ARN; when neither says, the
 *    request is treated as crossing accounts, the reading that grants less.
 * 5. A service principal or an anonymous caller has no identity-based policies: the
 *    resource-based policy alone decides.
 *
 * Grants through `"*"` (or NotPrincipal with Allow) are treated like grants to the role ARN: not
 * needing an identity-based allow, but still limited by a boundary and session policies; the
 * pages do not settle this, and this is the reading that grants less.
 *
 * The AWS account root user's implicit full access is not modelled: callers decide who is root.
 */
import { splitArn } from './arn-parts.ts';
import { contextLookup } from './conditions/context.ts';
import {
  allowedReason,
  describeGroup,
  explicitDenyReason,
  implicitDenyReason,
  type PolicyGroup,
} from './explain.ts';
import type { PrincipalMatch } from './match-principal.ts';
import { asMatched, type GroupScan, groupVerdict, type Hit, scanPolicies } from './scan-policies.ts';
import type { Decision, DecisionKind, EvaluationRequest, PolicySet } from './types.ts';

const DIRECT: ReadonlySet<PrincipalMatch> = new Set(['session', 'user', 'service']);
const LIMITED: ReadonlySet<PrincipalMatch> = new Set(['role', 'wildcard']);

/** The outcome before the bookkeeping every Decision carries. */
interface Verdict {
  readonly decision: DecisionKind;
  readonly matched: readonly Hit[];
  readonly reason: string;
}

interface Scans {
  readonly identity: GroupScan;
  readonly boundary: GroupScan | undefined;
  readonly session: GroupScan | undefined;
  readonly resource: GroupScan | undefined;
}

export function evaluate(request: EvaluationRequest, policies: PolicySet): Decision {
  const missing = new Map<string, string>();
  const env = {
    request,
    context: contextLookup(request.context),
    principalHasBoundary: policies.permissionsBoundary !== undefined,
    missing,
  };
  const scans: Scans = {
    identity: scanPolicies('identity', policies.identityPolicies, env),
    boundary: policies.permissionsBoundary && scanPolicies('boundary', [policies.permissionsBoundary], env),
    session: policies.sessionPolicies && scanPolicies('session', policies.sessionPolicies, env),
    resource: policies.resourcePolicy && scanPolicies('resource', [policies.resourcePolicy], env),
  };
  const verdict = decide(request, policies, scans);
  return {
    decision: verdict.decision,
    matchedStatements: verdict.matched.map(asMatched),
    missingContextKeys: [...missing.values()],
    reason: verdict.reason,
    byPolicyType: byPolicyType(request, policies, scans),
  };
}

function byPolicyType(
  request: EvaluationRequest,
  policies: PolicySet,
  scans: Scans,
): Partial<Record<PolicyGroup, DecisionKind>> {
  const result: Partial<Record<PolicyGroup, DecisionKind>> = {};
  const iamPrincipal = request.principal.type === 'Account' || request.principal.type === 'AssumedRole';
  // A service or anonymous caller has no identity side; report it only if policies were given.
  if (iamPrincipal || policies.identityPolicies.length > 0) result.identity = groupVerdict(scans.identity);
  if (scans.boundary !== undefined) result.boundary = groupVerdict(scans.boundary);
  if (scans.session !== undefined) result.session = groupVerdict(scans.session);
  if (scans.resource !== undefined) result.resource = groupVerdict(scans.resource);
  return result;
}

function decide(request: EvaluationRequest, policies: PolicySet, scans: Scans): Verdict {
  const all = [scans.identity, scans.boundary, scans.session, scans.resource];
  const denies = all.flatMap((scan) => scan?.denies ?? []);
  const firstDeny = denies[0];
  if (firstDeny !== undefined)
    return { decision: 'ExplicitDeny', matched: denies, reason: explicitDenyReason(firstDeny) };

  const { principal } = request;
  if (principal.type === 'Service' || principal.type === 'Anonymous') {
    const who =
      principal.type === 'Service' ? `a service principal ${principal.service}` : 'an anonymous caller';
    return resourceAlone(request, policies, scans, `${who} is authorised by a resource-based policy alone`);
  }
  return decideForIamPrincipal(request, policies, scans, principal.accountId);
}

function allowed(matched: readonly Hit[]): Verdict {
  return { decision: 'Allowed', matched, reason: allowedReason(matched) };
}

function implicit(reason: string): Verdict {
  return { decision: 'ImplicitDeny', matched: [], reason };
}

function resourceAlone(request: EvaluationRequest, policies: PolicySet, scans: Scans, why: string): Verdict {
  const allows = scans.resource?.allows ?? [];
  if (allows.length > 0) return allowed(allows);
  const group = describeGroup('resource', policies.resourcePolicy?.id);
  return implicit(implicitDenyReason(group, request.action, request.resource, why));
}

function decideForIamPrincipal(
  request: EvaluationRequest,
  policies: PolicySet,
  scans: Scans,
  principalAccount: string,
): Verdict {
  const { action, resource: target } = request;
  const { identity, boundary, session, resource } = scans;
  const boundaryOk = boundary === undefined || boundary.allows.length > 0;
  const sessionOk = session === undefined || session.allows.length > 0;
  const limitsOk = boundaryOk && sessionOk;
  const identitySide = identity.allows.length > 0 && limitsOk;
  const limitHits = [...(boundary?.allows ?? []), ...(session?.allows ?? [])];
  const identityHits = [...identity.allows, ...limitHits];

  /** Why the boundary or the session policies did not allow. */
  const limitFailure = (why?: string): string =>
    boundaryOk
      ? implicitDenyReason(describeGroup('session'), action, target, why)
      : implicitDenyReason(describeGroup('boundary', policies.permissionsBoundary?.id), action, target, why);
  /** Why the identity side did not allow, the first failing group first. */
  const identityFailure = (why?: string): string =>
    identity.allows.length === 0
      ? implicitDenyReason(describeGroup('identity'), action, target, why)
      : limitFailure(why);

  if (resource === undefined) {
    // "The resource-based policy in AccountB must allow the requester in AccountA" ("Cross-account
    // policy evaluation logic"): a request the caller says crosses accounts needs one.
    const declared = policies.resourceAccountId;
    if (declared !== undefined && declared !== principalAccount) {
      return implicit(
        `implicitly denied: the request crosses accounts (${principalAccount} → ${declared}) and no resource-based policy allows ${action} on ${target}`,
      );
    }
    return identitySide ? allowed(identityHits) : implicit(identityFailure());
  }

  const resourceGroup = describeGroup('resource', policies.resourcePolicy?.id);
  const resourceAccount = policies.resourceAccountId ?? splitArn(target)?.[4];
  if (resourceAccount === undefined || resourceAccount === '' || resourceAccount !== principalAccount) {
    const why = `the request crosses accounts (${principalAccount} → ${resourceAccount || 'unknown'}), so both sides must allow`;
    if (!identitySide) return implicit(identityFailure(why));
    if (resource.allows.length === 0) return implicit(implicitDenyReason(resourceGroup, action, target, why));
    return allowed([...identityHits, ...resource.allows]);
  }

  // Same account.
  const allowsBy = (kinds: ReadonlySet<PrincipalMatch>): Hit[] =>
    resource.allows.filter((hit) => hit.principalMatch !== undefined && kinds.has(hit.principalMatch));
  const direct = allowsBy(DIRECT);
  if (direct.length > 0) return allowed(direct);
  const limited = allowsBy(LIMITED);
  if (limited.length > 0 && limitsOk) return allowed([...limited, ...limitHits]);
  const trust = policies.resourcePolicy?.policy.kind === 'trust';
  if (identitySide && (!trust || resource.allows.length > 0))
    return allowed([...identityHits, ...resource.allows]);

  if (limited.length > 0) {
    return implicit(
      limitFailure('the resource policy names the role, which a boundary and session policies still limit'),
    );
  }
  if (trust && resource.allows.length === 0) {
    return implicit(
      implicitDenyReason(resourceGroup, action, target, 'a role trust policy must allow the principal'),
    );
  }
  const onlyAccount =
    resource.allows.length > 0
      ? 'the resource policy names only the account, which needs an identity-based allow as well'
      : undefined;
  return implicit(identityFailure(onlyAccount));
}
