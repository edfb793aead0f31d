/**
 * STS AssumeRole, as named steps: find the role (a missing role is AccessDenied, so that role
 * names cannot be probed) → settle the session's terms (duration, tags, source identity; role
 * chaining rules) → check the session policies → authorise the caller for sts:AssumeRole, and for
 * sts:TagSession / sts:SetSourceIdentity when it passes tags or a source identity (the role's
 * trust policy, and the caller's own policies) → mint the credentials.
 *
 * Deviation from AWS, on purpose: the administrator key is the account's root principal, and AWS
 * refuses AssumeRole for root credentials. Anchorage lets the administrator assume a role whose
 * trust policy trusts the account, since the administrator key is the only long-term key it has.
 */

import { AnchorageError, validationError } from '@anchorage/core/errors';
import type { RoleRecord } from '@anchorage/core/iam/records';
import { checkSessionPolicy } from '@anchorage/core/policy/check-session-policy';
import { evaluate } from '@anchorage/core/policy/evaluate';
import type { RequestContext } from '@anchorage/core/policy/types';
import { packedPolicySize } from '@anchorage/core/sts/packed-size';
import { assumedRoleArn, assumedRoleUserId, type SessionTag } from '@anchorage/core/sts/session-claims';
import { sessionTerms } from '@anchorage/core/sts/session-rules';
import { accessDenied } from '../authz/authorizer.ts';
import { callerPolicies } from '../authz/caller-policies.ts';
import { reportDecision } from '../authz/decision-observer.ts';
import { parsePolicyCached } from '../authz/policy-cache.ts';
import type { OperationContext } from '../control-plane/context.ts';
import { parseIamArn } from '../iam/iam-arns.ts';
import { entityId } from '../iam/iam-lookup.ts';
import type { KeyRing } from './key-ring.ts';
import { mintTemporaryCredentials } from './temporary-credentials.ts';

export interface AssumeRoleInput {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly Policy?: string;
  readonly DurationSeconds?: number;
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly TransitiveTagKeys?: readonly string[];
  readonly ExternalId?: string;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
  readonly SourceIdentity?: string;
}

/** IAM's ceiling for a role's MaxSessionDuration. */
const MAX_ROLE_SESSION_SECONDS = 43200;

export function assumeRoleHandler(keyRing: KeyRing) {
  return async (input: AssumeRoleInput, ctx: OperationContext): Promise<object> => {
    const trace = ctx.trace ?? {};
    trace.resources = [input.RoleArn];
    const role = await findRole(ctx, input.RoleArn);
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
      throw validationError('Anchorage has no MFA devices: SerialNumber and TokenCode are not supported');
    }
    const parent = ctx.caller.session;
    const terms = sessionTerms(
      {
        ...(input.DurationSeconds === undefined ? {} : { durationSeconds: input.DurationSeconds }),
        tags: (input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })),
        transitiveTagKeys: input.TransitiveTagKeys ?? [],
        ...(input.SourceIdentity === undefined ? {} : { sourceIdentity: input.SourceIdentity }),
      },
      // The role's own maximum is checked after authorisation, so that it cannot reveal the role.
      MAX_ROLE_SESSION_SECONDS,
      parent,
    );
    if (input.Policy !== undefined) checkSessionPolicy(input.Policy, 'Policy');
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');
    await authorizeAssumeRole(ctx, input, role, terms.tags);
    if (role === undefined) throw new TypeError('unreachable: a missing role is refused by authorisation');
    if (terms.durationSeconds > role.maxSessionDuration) {
      throw validationError(
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    await checkManagedSessionPolicies(ctx, policyArns);
    const packedSize = packedPolicySize(input.Policy, policyArns, terms.tags);

    const credentials = await mintTemporaryCredentials(
      keyRing,
      {
        partition: ctx.location.partition,
        accountId: ctx.location.accountId,
        roleArn: role.arn,
        roleId: role.roleId,
        roleName: role.roleName,
        sessionName: input.RoleSessionName,
        ...(terms.sourceIdentity === undefined ? {} : { sourceIdentity: terms.sourceIdentity }),
        tags: terms.tags,
        transitiveTagKeys: terms.transitiveTagKeys,
        ...(input.Policy === undefined ? {} : { sessionPolicy: input.Policy }),
        sessionPolicyArns: policyArns,
        issuedAt: ctx.now,
        expiresAt: ctx.now + terms.durationSeconds * 1000,
        chained: parent !== undefined,
        issuedBy: 'sts:AssumeRole',
      },
      ctx.now,
    );
    trace.assumedRoleArn = assumedRoleArn(credentials.claims);
    trace.expiresAt = new Date(credentials.expiration).toISOString();
    return {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: credentials.expiration,
      },
      AssumedRoleUser: {
        AssumedRoleId: assumedRoleUserId(credentials.claims),
        Arn: assumedRoleArn(credentials.claims),
      },
      PackedPolicySize: packedSize,
      ...(terms.sourceIdentity === undefined ? {} : { SourceIdentity: terms.sourceIdentity }),
    };
  };
}

/** The role the ARN names, in this account, with the path the ARN gives; undefined otherwise. */
async function findRole(ctx: OperationContext, arn: string): Promise<RoleRecord | undefined> {
  const parsed = parseIamArn(arn);
  if (parsed === undefined || parsed.type !== 'role' || parsed.account !== ctx.location.accountId)
    return undefined;
  const role = await ctx.store.roles.get(entityId(parsed.name));
  return role?.arn === arn ? role : undefined;
}

/**
 * Every action the request performs must be allowed by the role's trust policy (a resource-based
 * policy) and, as the evaluation logic requires for the principal naming it, by the caller's own
 * policies. A role that does not exist allows nothing.
 */
async function authorizeAssumeRole(
  ctx: OperationContext,
  input: AssumeRoleInput,
  role: RoleRecord | undefined,
  tags: readonly SessionTag[],
): Promise<void> {
  const actions = [
    'sts:AssumeRole',
    ...((input.Tags ?? []).length > 0 || tags.length > 0 ? ['sts:TagSession'] : []),
    ...(input.SourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
  ];
  const resource = role?.arn ?? input.RoleArn;
  const subject = await callerPolicies(ctx.store, ctx.location, ctx.caller, { now: ctx.now });
  for (const action of actions) {
    if (role === undefined || subject.kind === 'orphaned') {
      const reason =
        role === undefined
          ? `no role ${input.RoleArn} exists`
          : subject.kind === 'orphaned'
            ? subject.reason
            : '';
      reportDecision({ principal: ctx.caller.principalArn, action, resource, allowed: false, reason });
      throw accessDenied(ctx.caller, action, resource, { allowed: false, reason });
    }
    const trust = parsePolicyCached(role.assumeRolePolicyDocument, 'trust');
    const decision = evaluate(
      {
        principal: subject.principal,
        action,
        resource,
        context: { ...requestKeys(input, tags), ...subject.context },
      },
      { ...subject.policies, resourcePolicy: { id: `trust:${role.roleName}`, policy: trust } },
    );
    const allowed = decision.decision === 'Allowed';
    // For the audit trail: this decision is made here, not by the authoriser.
    reportDecision({
      principal: ctx.caller.principalArn,
      action,
      resource,
      allowed,
      reason: decision.reason,
    });
    if (!allowed) {
      throw accessDenied(ctx.caller, action, resource, { allowed: false, reason: decision.reason, decision });
    }
  }
}

/** The condition keys AssumeRole adds to the caller's (IAM User Guide, "AWS STS condition keys"). */
function requestKeys(input: AssumeRoleInput, tags: readonly SessionTag[]): RequestContext {
  const keys: Record<string, string | readonly string[]> = { 'sts:RoleSessionName': input.RoleSessionName };
  if (input.ExternalId !== undefined) keys['sts:ExternalId'] = input.ExternalId;
  if (input.SourceIdentity !== undefined) keys['sts:SourceIdentity'] = input.SourceIdentity;
  if (input.TransitiveTagKeys !== undefined) keys['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
  if (tags.length > 0) keys['aws:TagKeys'] = tags.map((t) => t.key);
  for (const tag of tags) keys[`aws:RequestTag/${tag.key}`] = tag.value;
  return keys;
}

async function checkManagedSessionPolicies(ctx: OperationContext, arns: readonly string[]): Promise<void> {
  if (arns.length > 10)
    throw validationError('At most 10 managed session policies (PolicyArns) may be passed');
  for (const arn of arns) {
    const parsed = parseIamArn(arn);
    const policy =
      parsed?.type === 'policy' && parsed.account === ctx.location.accountId
        ? await ctx.store.managedPolicies.get(entityId(parsed.name))
        : undefined;
    if (policy?.arn !== arn) {
      throw new AnchorageError('MalformedPolicyDocument', `The managed session policy ${arn} does not exist`);
    }
  }
}
