/**
 * ARNs of Roles Anywhere resources, formed as AWS forms them:
 * `arn:<partition>:rolesanywhere:<region>:<account>:<type>/<uuid>`.
 */

export type ResourceType = 'trust-anchor' | 'profile' | 'crl' | 'subject';

export interface ServiceLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ResourceArn extends ServiceLocation {
  readonly type: ResourceType;
  readonly id: string;
}

const RESOURCE_TYPES: readonly ResourceType[] = ['trust-anchor', 'profile', 'crl', 'subject'];
const ARN_SHAPE = /^arn:(aws(?:-[a-z0-9-]+)?):rolesanywhere:([a-z0-9-]+):([0-9]{12}):([a-z-]+)\/([^/]+)$/;

export function resourceArn(location: ServiceLocation, type: ResourceType, id: string): string {
  return `arn:${location.partition}:rolesanywhere:${location.region}:${location.accountId}:${type}/${id}`;
}

/** Parses a Roles Anywhere resource ARN; undefined when it is not one. */
export function parseResourceArn(arn: string): ResourceArn | undefined {
  const m = ARN_SHAPE.exec(arn);
  if (m === null) return undefined;
  const [, partition = '', region = '', accountId = '', type = '', id = ''] = m;
  if (!(RESOURCE_TYPES as readonly string[]).includes(type)) return undefined;
  return { partition, region, accountId, type: type as ResourceType, id };
}

/** True when the ARN names a resource of this deployment (same partition, region and account). */
export function isLocal(arn: ResourceArn, location: ServiceLocation): boolean {
  return (
    arn.partition === location.partition &&
    arn.region === location.region &&
    arn.accountId === location.accountId
  );
}
