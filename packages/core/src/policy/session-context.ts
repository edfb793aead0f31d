/**
 * Builds the request context of a request made with a set of credentials, so that every caller
 * (the data plane's trust-policy check, STS AssumeRole, the authorisation endpoint) fills in the
 * same global condition keys the same way (IAM User Guide "AWS global condition context keys"
 * and "IAM policy elements: Variables and tags", principal key values):
 *
 * - aws:PrincipalArn is the role's ARN for a role session (not the session ARN), else the caller's;
 * - aws:userid is `<role id>:<session name>` for a role session, the user id for an IAM user;
 * - aws:username exists only for IAM users;
 * - aws:PrincipalTag/<key> for every principal and session tag, aws:RequestTag/<key> and
 *   aws:TagKeys for tags passed in the request;
 * - aws:CurrentTime and aws:EpochTime come from `now`, never from a clock.
 *
 * Keys whose value is unknown are left out: an absent key is absent, not empty.
 */
import type { RequestContext } from './types.ts';

export type PrincipalType = 'AssumedRole' | 'User' | 'Account' | 'FederatedUser' | 'Anonymous';

export interface SessionDescription {
  /** For a role session the role's ARN (`arn:aws:iam::<account>:role/<path><name>`); else the caller's ARN. */
  readonly principalArn: string;
  readonly accountId: string;
  /** Defaults to `AssumedRole` when `roleId` is given, else `User`. */
  readonly principalType?: PrincipalType;
  /** The role's unique id (`AROA…`) for a role session. */
  readonly roleId?: string;
  readonly sessionName?: string;
  /** An IAM user's friendly name (aws:username) and unique id (aws:userid). */
  readonly userName?: string;
  readonly userId?: string;
  /** Tags of the principal and of the session (session tags win on a clash, as in STS). */
  readonly principalTags?: Readonly<Record<string, string>>;
  readonly sessionTags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
  /** When the credentials were issued, epoch milliseconds. */
  readonly tokenIssueTime?: number;
  /** The time of the request, epoch milliseconds. */
  readonly now: number;
  readonly sourceIp?: string;
  readonly secureTransport?: boolean;
  readonly multiFactorAuthPresent?: boolean;
  /** Tags passed in the request itself (TagSession, CreateSession attribute tags). */
  readonly requestTags?: Readonly<Record<string, string>>;
  /** The resource or service on whose behalf the request is made. */
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** Request-specific keys (`sts:RoleSessionName`, `sts:SourceIdentity`, service keys); they cannot replace the keys above. */
  readonly requestKeys?: RequestContext;
}

/** `2026-11-27T10:00:00Z`: ISO 8601 in UTC with whole seconds, as aws:CurrentTime is written. */
export function isoSeconds(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

export function sessionContext(session: SessionDescription): RequestContext {
  const context: Record<string, string | readonly string[]> = {};
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) context[key] = value;
  };
  const type = session.principalType ?? (session.roleId === undefined ? 'User' : 'AssumedRole');

  set('aws:PrincipalArn', session.principalArn);
  set('aws:PrincipalAccount', session.accountId);
  set('aws:PrincipalType', type);
  if (type === 'AssumedRole') {
    set(
      'aws:userid',
      session.roleId === undefined || session.sessionName === undefined
        ? undefined
        : `${session.roleId}:${session.sessionName}`,
    );
  } else {
    set('aws:userid', session.userId);
    if (type === 'User') set('aws:username', session.userName);
  }
  for (const [key, value] of Object.entries({ ...session.principalTags, ...session.sessionTags })) {
    set(`aws:PrincipalTag/${key}`, value);
  }
  const requestTags = Object.entries(session.requestTags ?? {});
  for (const [key, value] of requestTags) set(`aws:RequestTag/${key}`, value);
  if (requestTags.length > 0) context['aws:TagKeys'] = requestTags.map(([key]) => key);
  set('aws:SourceIdentity', session.sourceIdentity);
  set(
    'aws:TokenIssueTime',
    session.tokenIssueTime === undefined ? undefined : isoSeconds(session.tokenIssueTime),
  );
  set('aws:CurrentTime', isoSeconds(session.now));
  set('aws:EpochTime', String(Math.floor(session.now / 1000)));
  set('aws:SourceIp', session.sourceIp);
  set(
    'aws:SecureTransport',
    session.secureTransport === undefined ? undefined : String(session.secureTransport),
  );
  set(
    'aws:MultiFactorAuthPresent',
    session.multiFactorAuthPresent === undefined ? undefined : String(session.multiFactorAuthPresent),
  );
  set('aws:SourceArn', session.sourceArn);
  set('aws:SourceAccount', session.sourceAccount);
  // Key names are case-insensitive, so a request key is dropped if it names one of the keys above.
  const taken = new Set(Object.keys(context).map((key) => key.toLowerCase()));
  for (const [key, value] of Object.entries(session.requestKeys ?? {})) {
    if (!taken.has(key.toLowerCase())) context[key] = value;
  }
  return context;
}
