/**
 * The Principal / NotPrincipal elements of resource-based policies (IAM User Guide "AWS JSON
 * policy elements: Principal" and "…: NotPrincipal"). A request principal is named by:
 *
 * - `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included;
 * - its account: the 12-digit id or `arn:<partition>:iam::<account>:root`;
 * - its own ARN: the session ARN of an assumed-role session, an IAM user's ARN;
 * - for an assumed-role session, the role's ARN;
 * - a `Service` principal by the service name (`rolesanywhere.amazonaws.com`).
 *
 * How it is named matters to the evaluation logic: an allow that names the session itself is
 * enough on its own within an account, one that names the role is still limited by permissions
 * boundaries and session policies, and one that names only the account needs an identity-based
 * allow as well (IAM User Guide "Policy evaluation logic", resource-based policies).
 */
import type { PrincipalBlock, RequestPrincipal } from './types.ts';

/** How specifically a policy names the request principal, from most to least specific. */
export type PrincipalMatch = 'session' | 'user' | 'service' | 'role' | 'wildcard' | 'account';

const SPECIFICITY: readonly PrincipalMatch[] = ['session', 'user', 'service', 'role', 'wildcard', 'account'];
const ACCOUNT_ROOT = /^arn:[a-z0-9-]+:iam::(\d{12}):root$/;

function accountNamedBy(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return ACCOUNT_ROOT.exec(value)?.[1];
}

/** Every way one `AWS`/`Service` value names the principal (an empty list when it does not). */
function matchesOfValue(type: string, value: string, principal: RequestPrincipal): PrincipalMatch[] {
  if (type === 'AWS') {
    if (value === '*') return ['wildcard'];
    if (principal.type !== 'Account' && principal.type !== 'AssumedRole') return [];
    const found: PrincipalMatch[] = [];
    if (accountNamedBy(value) === principal.accountId) found.push('account');
    if (principal.type === 'AssumedRole') {
      if (value === principal.arn) found.push('session');
      if (value === principal.roleArn) found.push('role');
    } else if (value === principal.arn && accountNamedBy(value) === undefined) {
      found.push('user');
    }
    return found;
  }
  if (type === 'Service' && principal.type === 'Service') {
    return value.toLowerCase() === principal.service.toLowerCase() ? ['service'] : [];
  }
  // Federated and CanonicalUser principals never make requests through Anchorage.
  return [];
}

function allMatches(block: PrincipalBlock, principal: RequestPrincipal): Set<PrincipalMatch> {
  if (block.kind === 'any') return new Set(['wildcard']);
  const found = new Set<PrincipalMatch>();
  for (const [type, values] of Object.entries(block.entries)) {
    for (const value of values) for (const match of matchesOfValue(type, value, principal)) found.add(match);
  }
  return found;
}

/** The most specific way `block` names `principal`, or undefined when it does not name it. */
export function matchPrincipal(
  block: PrincipalBlock,
  principal: RequestPrincipal,
): PrincipalMatch | undefined {
  const found = allMatches(block, principal);
  return SPECIFICITY.find((match) => found.has(match));
}

/**
 * The identities AWS may check, one by one, for a principal: for a role session the account, the
 * role and the session; for an IAM user the account and the user (IAM User Guide "AWS JSON
 * policy elements: NotPrincipal": "AWS might validate the account first, then the role, and then
 * the assumed-role user").
 */
function layers(principal: RequestPrincipal): PrincipalMatch[][] {
  switch (principal.type) {
    case 'AssumedRole':
      return [
        ['account', 'wildcard'],
        ['role', 'wildcard'],
        ['session', 'wildcard'],
      ];
    case 'Account':
      return ACCOUNT_ROOT.test(principal.arn)
        ? [['account', 'wildcard']]
        : [
            ['account', 'wildcard'],
            ['user', 'wildcard'],
          ];
    case 'Service':
      return [['service', 'wildcard']];
    case 'Anonymous':
      return [['wildcard']];
  }
}

/**
 * Whether a statement with `NotPrincipal` applies to the principal. A Deny spares the principal
 * only when every identity AWS may check is listed (the documented advice to list the account,
 * the role and the session); an Allow covers it only when none of them is listed. Both readings
 * err on the side of refusing.
 */
export function notPrincipalApplies(
  block: PrincipalBlock,
  principal: RequestPrincipal,
  effect: 'Allow' | 'Deny',
): boolean {
  const found = allMatches(block, principal);
  const named = layers(principal).map((layer) => layer.some((match) => found.has(match)));
  return effect === 'Deny' ? !named.every(Boolean) : !named.some(Boolean);
}
