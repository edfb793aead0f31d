/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy: the IAM policy simulator over the policy
 * engine. One EvaluationResult per action and resource (`*` when no ResourceArns are given), with
 * the decision as IAM spells it (allowed, explicitDeny, implicitDeny), the statements that decided
 * with their positions (1-based line and column), the condition keys the context lacked, and
 * whether a permissions boundary allowed.
 *
 * Policies passed in the request are named as IAM names them (`PolicyInputList.1`,
 * `PermissionsBoundaryPolicyInputList.1`, `ResourcePolicy`). A malformed one is InvalidInput, the
 * error these operations model. The simulator adds no context of its own: a condition on
 * `aws:CurrentTime` needs a ContextEntry, and otherwise shows up in MissingContextValues.
 */
import { AnchorageError, isAnchorageError } from '@anchorage/core/errors';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type { Decision, PolicyKind, PolicySet, RequestPrincipal } from '@anchorage/core/policy/types';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { OperationContext } from '../control-plane/context.ts';
import { type ContextEntryInput, contextFromEntries } from './context-entries.ts';
import { isLocalIamArn, parseIamArn } from './iam-arns.ts';
import { invalidArn, noSuchRole } from './iam-errors.ts';
import { requireRole } from './iam-lookup.ts';
import { type MarkerInput, pageOfList, truncation } from './iam-pagination.ts';
import { type PolicySource, rolePolicies, type SourcedPolicy } from './role-policies.ts';

/** Evaluations one simulation may ask for (actions × resources): bounds the work a request causes. */
export const MAX_SIMULATIONS = 1000;

/** The session name a simulated role session gets in its ARN. */
const SIMULATION_SESSION = 'SimulatePrincipalPolicy';

interface SimulateInput extends MarkerInput {
  readonly PolicyInputList?: readonly string[];
  readonly PermissionsBoundaryPolicyInputList?: readonly string[];
  readonly ActionNames: readonly string[];
  readonly ResourceArns?: readonly string[];
  readonly ResourcePolicy?: string;
  readonly ResourceOwner?: string;
  readonly CallerArn?: string;
  readonly ContextEntries?: readonly ContextEntryInput[];
  readonly ResourceHandlingOption?: string;
}

export interface SimulatePrincipalPolicyInput extends SimulateInput {
  readonly PolicySourceArn: string;
}

export type SimulateCustomPolicyInput = SimulateInput & { readonly PolicyInputList: readonly string[] };

export async function simulatePrincipalPolicy(
  input: SimulatePrincipalPolicyInput,
  ctx: OperationContext,
): Promise<object> {
  const source = parseIamArn(input.PolicySourceArn);
  if (source === undefined || source.type !== 'role') throw invalidArn(input.PolicySourceArn);
  if (!isLocalIamArn(source, ctx.location)) throw noSuchRole(source.name);
  const role = await requireRole(ctx.store, source.name);
  if (role.arn !== input.PolicySourceArn) throw noSuchRole(source.name);
  const own = await rolePolicies(ctx.store, role);
  const boundary = inputBoundary(input) ?? own.boundary;
  const principal: RequestPrincipal = {
    type: 'AssumedRole',
    accountId: ctx.location.accountId,
    arn: `arn:${ctx.location.partition}:sts::${ctx.location.accountId}:assumed-role/${role.roleName}/${SIMULATION_SESSION}`,
    roleArn: role.arn,
  };
  return simulate(input, ctx.location, principal, [...own.identity, ...inputPolicies(input)], boundary);
}

export async function simulateCustomPolicy(
  input: SimulateCustomPolicyInput,
  ctx: OperationContext,
): Promise<object> {
  const caller = input.CallerArn === undefined ? undefined : parseIamArn(input.CallerArn);
  if (input.CallerArn !== undefined && caller === undefined) throw invalidArn(input.CallerArn);
  const principal: RequestPrincipal = {
    type: 'Account',
    accountId: caller?.account ?? ctx.location.accountId,
    arn: input.CallerArn ?? `arn:${ctx.location.partition}:iam::${ctx.location.accountId}:root`,
  };
  return simulate(input, ctx.location, principal, inputPolicies(input), inputBoundary(input));
}

function inputPolicies(input: SimulateInput): SourcedPolicy[] {
  return (input.PolicyInputList ?? []).map((text, i) => given(`PolicyInputList.${i + 1}`, text, 'identity'));
}

function inputBoundary(input: SimulateInput): SourcedPolicy | undefined {
  const list = input.PermissionsBoundaryPolicyInputList ?? [];
  if (list.length > 1) {
    throw new AnchorageError('InvalidInput', 'PermissionsBoundaryPolicyInputList takes at most one policy.');
  }
  return list[0] === undefined
    ? undefined
    : given('PermissionsBoundaryPolicyInputList.1', list[0], 'boundary');
}

function given(id: string, text: string, kind: PolicyKind, type?: 'resource'): SourcedPolicy {
  try {
    return {
      named: { id, policy: parsePolicy(text, kind) },
      source: { sourcePolicyId: id, ...(type === undefined ? {} : { sourcePolicyType: type }) },
    };
  } catch (error) {
    if (isAnchorageError(error) && error.code === 'MalformedPolicyDocument') {
      throw new AnchorageError('InvalidInput', `${id}: ${error.message}`);
    }
    throw error;
  }
}

function resourceOwner(input: SimulateInput): string | undefined {
  if (input.ResourceOwner === undefined) return undefined;
  const m =
    /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(input.ResourceOwner) ?? /^(\d{12})$/.exec(input.ResourceOwner);
  if (m?.[1] === undefined) throw invalidArn(input.ResourceOwner);
  return m[1];
}

function simulate(
  input: SimulateInput,
  location: ServiceLocation,
  principal: RequestPrincipal,
  identity: readonly SourcedPolicy[],
  boundary: SourcedPolicy | undefined,
): object {
  const resources =
    input.ResourceArns === undefined || input.ResourceArns.length === 0 ? ['*'] : input.ResourceArns;
  if (input.ActionNames.length * resources.length > MAX_SIMULATIONS) {
    throw new AnchorageError(
      'InvalidInput',
      `A simulation may evaluate at most ${MAX_SIMULATIONS} action and resource pairs.`,
    );
  }
  const context = contextFromEntries(input.ContextEntries);
  const resourcePolicy =
    input.ResourcePolicy === undefined
      ? undefined
      : given('ResourcePolicy', input.ResourcePolicy, 'resource', 'resource');
  const callerAccount =
    principal.type === 'Account' || principal.type === 'AssumedRole'
      ? principal.accountId
      : location.accountId;
  const policySet: PolicySet = {
    identityPolicies: identity.map((p) => p.named),
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary.named }),
    ...(resourcePolicy === undefined
      ? {}
      : { resourcePolicy: resourcePolicy.named, resourceAccountId: resourceOwner(input) ?? callerAccount }),
  };
  const sources = new Map<string, PolicySource>(
    [
      ...identity,
      ...(boundary === undefined ? [] : [boundary]),
      ...(resourcePolicy === undefined ? [] : [resourcePolicy]),
    ].map((p) => [p.named.id, p.source]),
  );
  const results = input.ActionNames.flatMap((action) =>
    resources.map((resource) =>
      evaluationResult(
        action,
        resource,
        evaluate({ principal, action, resource, context }, policySet),
        sources,
        boundary !== undefined,
      ),
    ),
  );
  const page = pageOfList(results, input);
  return { EvaluationResults: page.items, ...truncation(page) };
}

const EVAL_DECISION = {
  Allowed: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
} as const;

function evaluationResult(
  action: string,
  resource: string,
  decision: Decision,
  sources: ReadonlyMap<string, PolicySource>,
  hasBoundary: boolean,
): object {
  return {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: EVAL_DECISION[decision.decision],
    MatchedStatements: decision.matchedStatements.map((hit) => {
      const source = sources.get(hit.policyId) ?? { sourcePolicyId: hit.policyId };
      return {
        SourcePolicyId: source.sourcePolicyId,
        ...(source.sourcePolicyType === undefined ? {} : { SourcePolicyType: source.sourcePolicyType }),
        StartPosition: { Line: hit.start.line, Column: hit.start.column },
        EndPosition: { Line: hit.end.line, Column: hit.end.column },
      };
    }),
    MissingContextValues: decision.missingContextKeys,
    ...(hasBoundary
      ? {
          PermissionsBoundaryDecisionDetail: {
            AllowedByPermissionsBoundary: decision.byPolicyType.boundary === 'Allowed',
          },
        }
      : {}),
  };
}
