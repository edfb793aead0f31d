/**
 * The contract of the IAM policy engine: what callers hand it and what it answers. Parsing lives
 * in `parse-policy.ts` (`parsePolicy`), evaluation in `evaluate.ts` (`evaluate`). The engine is
 * pure: the request time and every context value arrive in the request.
 */

/** Where a policy sits in the evaluation logic; decides which elements it may and must have. */
export type PolicyKind =
  /** Identity-based (inline or managed, attached to a role): no Principal; Resource required. */
  | 'identity'
  /** A session policy passed to AssumeRole / a profile: the identity-based grammar. */
  | 'session'
  /** A permissions boundary: the identity-based grammar. */
  | 'boundary'
  /** A role trust policy: Principal required, no Resource/NotResource. */
  | 'trust'
  /** Any other resource-based policy: Principal required, Resource allowed. */
  | 'resource';

export interface SourcePosition {
  /** 1-based, as IAM's simulator reports them. */
  readonly line: number;
  readonly column: number;
}

export type ConditionValues = readonly string[];

/** `Condition` block: operator (with its `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix) → key → values. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, ConditionValues>>>>;

export type PrincipalBlock =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'typed';
      /** `AWS` (account ids, ARNs), `Service`, `Federated`, `CanonicalUser` → values as written. */
      readonly entries: Readonly<Record<string, readonly string[]>>;
    };

export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: ConditionBlock;
  /** Where the statement's object starts and ends in the source text. */
  readonly start: SourcePosition;
  readonly end: SourcePosition;
  /** 0-based index in the Statement list. */
  readonly index: number;
}

export interface Policy {
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id?: string;
  readonly statements: readonly Statement[];
  readonly kind: PolicyKind;
}

/** A policy as evaluation sees it: parsed, named for explanations (a policy name or ARN). */
export interface NamedPolicy {
  readonly id: string;
  readonly policy: Policy;
}

/**
 * Who makes the request. A resource-based policy's `Principal` matches it by any of these:
 * `*`; the account (`123456789012` or `arn:aws:iam::123456789012:root`); `arn` exactly; for a
 * role session also the role's ARN; a `Service` principal by `service`.
 */
export type RequestPrincipal =
  | { readonly type: 'Account'; readonly accountId: string; readonly arn: string }
  | {
      readonly type: 'AssumedRole';
      readonly accountId: string;
      /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
      readonly arn: string;
      /** `arn:aws:iam::<account>:role/<path><role name>` */
      readonly roleArn: string;
    }
  | { readonly type: 'Service'; readonly service: string }
  | { readonly type: 'Anonymous' };

/**
 * Condition-key values, keyed by name. Keys are case-insensitive (the engine folds them); the
 * values are strings as IAM sees them (`'true'`, `'3600'`, `'2026-11-27T10:00:00Z'`), and a key
 * may hold several values (`aws:TagKeys`). An absent key is absent, not empty.
 */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

export interface EvaluationRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`, e.g. `sts:AssumeRole`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  readonly resource: string;
  readonly context: RequestContext;
}

/**
 * The policies that apply. Absent groups do not take part: no `sessionPolicies` means the
 * session is not limited by session policies (an empty list limits it to nothing); no
 * `permissionsBoundary` means no boundary.
 */
export interface PolicySet {
  readonly identityPolicies: readonly NamedPolicy[];
  readonly sessionPolicies?: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** A resource-based policy of the target, e.g. the role's trust policy for sts:AssumeRole. */
  readonly resourcePolicy?: NamedPolicy;
  /** The account that owns the resource; with the principal's account it decides same- versus cross-account rules. */
  readonly resourceAccountId?: string;
}

export type DecisionKind = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: 'identity' | 'session' | 'boundary' | 'resource';
  readonly effect: 'Allow' | 'Deny';
  readonly sid?: string;
  readonly index: number;
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

export interface Decision {
  readonly decision: DecisionKind;
  /** The statements that decided: the denying ones for ExplicitDeny, the allowing ones for Allowed. */
  readonly matchedStatements: readonly MatchedStatement[];
  /** Condition keys that conditions asked for but the context did not carry. */
  readonly missingContextKeys: readonly string[];
  /** One sentence a person can read, e.g. "denied: no statement in the permissions boundary allows s3:PutObject". */
  readonly reason: string;
  /** The verdict of each policy group that took part. */
  readonly byPolicyType: Readonly<Partial<Record<MatchedStatement['policyType'], DecisionKind>>>;
}
