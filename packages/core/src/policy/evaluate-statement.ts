/**
 * Whether one statement applies to a request: its Action (or NotAction) covers the action, its
 * Resource (or NotResource) covers the resource, its Principal (or NotPrincipal) names the caller
 * where the policy is resource-based, and its Condition holds (IAM User Guide "IAM JSON policy
 * elements reference"). An absent Resource (allowed in resource-based policies) covers the
 * resource the policy is attached to, which is the one being requested.
 */
import type { ContextLookup } from './conditions/context.ts';
import { evaluateCondition } from './conditions/evaluate-condition.ts';
import { matchesAnyAction } from './match-action.ts';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './match-principal.ts';
import { matchesAnyResource } from './match-resource.ts';
import type { EvaluationRequest, Statement } from './types.ts';

export interface StatementOptions {
  /** Policy variables are substituted (the policy's Version is 2012-10-17). */
  readonly variables: boolean;
  /** The policy is resource-based: Principal/NotPrincipal take part. */
  readonly resourceBased: boolean;
  /** The caller has a permissions boundary (see the NotPrincipal rule below). */
  readonly principalHasBoundary: boolean;
}

export interface StatementVerdict {
  readonly applies: boolean;
  /** How the statement names the caller (resource-based policies). */
  readonly principalMatch?: PrincipalMatch;
  readonly missing: readonly string[];
}

const NOT_APPLICABLE: StatementVerdict = { applies: false, missing: [] };

export function evaluateStatement(
  statement: Statement,
  request: EvaluationRequest,
  context: ContextLookup,
  options: StatementOptions,
): StatementVerdict {
  if (!actionApplies(statement, request.action)) return NOT_APPLICABLE;
  const missing: string[] = [];
  if (!resourceApplies(statement, request.resource, options.variables, context, missing)) {
    return { applies: false, missing };
  }
  let principalMatch: PrincipalMatch | undefined;
  if (options.resourceBased) {
    const principal = principalApplies(statement, request, options.principalHasBoundary);
    if (principal === undefined) return { applies: false, missing };
    principalMatch = principal;
  }
  if (statement.condition !== undefined) {
    const outcome = evaluateCondition(statement.condition, context, options.variables);
    missing.push(...outcome.missing);
    if (!outcome.holds) return { applies: false, missing };
  }
  return principalMatch === undefined
    ? { applies: true, missing }
    : { applies: true, principalMatch, missing };
}

function actionApplies(statement: Statement, action: string): boolean {
  if (statement.action !== undefined) return matchesAnyAction(statement.action, action);
  if (statement.notAction !== undefined) return !matchesAnyAction(statement.notAction, action);
  return false;
}

function resourceApplies(
  statement: Statement,
  resource: string,
  variables: boolean,
  context: ContextLookup,
  missing: string[],
): boolean {
  if (statement.resource !== undefined) {
    return matchesAnyResource(statement.resource, resource, variables, context, missing);
  }
  if (statement.notResource !== undefined) {
    return !matchesAnyResource(statement.notResource, resource, variables, context, missing);
  }
  return true;
}

/** How the statement names the caller, or undefined when it does not apply to the caller. */
function principalApplies(
  statement: Statement,
  request: EvaluationRequest,
  principalHasBoundary: boolean,
): PrincipalMatch | undefined {
  const { principal } = request;
  if (statement.principal !== undefined) return matchPrincipal(statement.principal, principal);
  if (statement.notPrincipal === undefined) return undefined;
  // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
  // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
  // element" (IAM User Guide "Permissions boundaries for IAM entities").
  const iamPrincipal = principal.type === 'Account' || principal.type === 'AssumedRole';
  if (statement.effect === 'Deny' && principalHasBoundary && iamPrincipal) return 'wildcard';
  return notPrincipalApplies(statement.notPrincipal, principal, statement.effect) ? 'wildcard' : undefined;
}
