/**
 * What the endpoints need from the role ARN: IMDS serves the role's name (the last path component
 * of the resource, as the official helper does: arn:aws:iam::1:role/path/Name → Name) and the
 * container endpoint reports the account.
 */

export interface RoleArnParts {
  readonly roleName: string;
  /** Empty when the ARN carries none. */
  readonly accountId: string;
}

export function parseRoleArn(arn: string): RoleArnParts {
  // arn:partition:service:region:account:resource; the resource may itself contain colons.
  const sections = arn.split(':');
  if (sections.length < 6 || sections[0] !== 'arn') throw new RangeError(`not an ARN: ${arn}`);
  const resource = sections.slice(5).join(':');
  const roleName = resource.split('/').at(-1) ?? '';
  if (roleName === '') throw new RangeError(`the ARN names no role: ${arn}`);
  return { roleName, accountId: sections[4] ?? '' };
}
