/**
 * What a session token carries: everything needed to verify a request signed with temporary
 * credentials and to authorise it, so that any server holding the key ring can do both without
 * reading the database.
 */

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

export interface SessionClaims {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly partition: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly sourceIdentity?: string;
  readonly tags: readonly SessionTag[];
  /** Keys of `tags` that pass on to sessions chained from this one. */
  readonly transitiveTagKeys: readonly string[];
  /** The inline session policy, as given. */
  readonly sessionPolicy?: string;
  readonly sessionPolicyArns: readonly string[];
  /** Epoch ms. */
  readonly issuedAt: number;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** True when the session was assumed from another role session (role chaining). */
  readonly chained: boolean;
  /** How the session was made: `sts:AssumeRole` or `rolesanywhere:CreateSession`. */
  readonly issuedBy: string;
}

export function assumedRoleArn(
  claims: Pick<SessionClaims, 'partition' | 'accountId' | 'roleName' | 'sessionName'>,
): string {
  return `arn:${claims.partition}:sts::${claims.accountId}:assumed-role/${claims.roleName}/${claims.sessionName}`;
}

/** `AROA…:<session name>`, the UserId of a role session. */
export function assumedRoleUserId(claims: Pick<SessionClaims, 'roleId' | 'sessionName'>): string {
  return `${claims.roleId}:${claims.sessionName}`;
}
