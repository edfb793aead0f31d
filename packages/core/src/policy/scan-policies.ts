/**
 * Runs every statement of one policy group (identity-based, session, boundary or resource-based)
 * against a request and sorts the statements that apply into allows and denies, noting the
 * condition keys they asked for that the context lacked.
 */
import type { ContextLookup } from './conditions/context.ts';
import { evaluateStatement } from './evaluate-statement.ts';
import type { PolicyGroup } from './explain.ts';
import type { PrincipalMatch } from './match-principal.ts';
import type { EvaluationRequest, MatchedStatement, NamedPolicy } from './types.ts';

/** A statement that applies, and how it names the caller (resource-based policies). */
export interface Hit extends MatchedStatement {
  readonly principalMatch?: PrincipalMatch;
}

export interface GroupScan {
  readonly group: PolicyGroup;
  readonly allows: readonly Hit[];
  readonly denies: readonly Hit[];
}

export interface ScanEnvironment {
  readonly request: EvaluationRequest;
  readonly context: ContextLookup;
  readonly principalHasBoundary: boolean;
  /** Folded key → the key as first written; shared by every group of one evaluation. */
  readonly missing: Map<string, string>;
}

export function scanPolicies(
  group: PolicyGroup,
  policies: readonly NamedPolicy[],
  env: ScanEnvironment,
): GroupScan {
  const allows: Hit[] = [];
  const denies: Hit[] = [];
  for (const { id, policy } of policies) {
    const options = {
      variables: policy.version === '2012-10-17',
      resourceBased: group === 'resource',
      principalHasBoundary: env.principalHasBoundary,
    };
    for (const statement of policy.statements) {
      const verdict = evaluateStatement(statement, env.request, env.context, options);
      for (const key of verdict.missing) {
        if (!env.missing.has(key.toLowerCase())) env.missing.set(key.toLowerCase(), key);
      }
      if (!verdict.applies) continue;
      const hit: Hit = {
        policyId: id,
        policyType: group,
        effect: statement.effect,
        ...(statement.sid === undefined ? {} : { sid: statement.sid }),
        index: statement.index,
        start: statement.start,
        end: statement.end,
        ...(verdict.principalMatch === undefined ? {} : { principalMatch: verdict.principalMatch }),
      };
      (statement.effect === 'Deny' ? denies : allows).push(hit);
    }
  }
  return { group, allows, denies };
}

/** A group's own verdict: any deny, else any allow, else nothing applied. */
export function groupVerdict(scan: GroupScan): 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny' {
  if (scan.denies.length > 0) return 'ExplicitDeny';
  return scan.allows.length > 0 ? 'Allowed' : 'ImplicitDeny';
}

/** The hit as reported in a Decision, without the evaluation's private detail. */
export function asMatched(hit: Hit): MatchedStatement {
  const { principalMatch: _private, ...matched } = hit;
  return matched;
}
