/**
 * ARNs of IAM roles and customer managed policies (IAM User Guide "IAM identifiers", "IAM
 * ARNs"): `arn:<partition>:iam::<account>:role<path><name>` and `…:policy<path><name>`. IAM is
 * global: the region field is empty. The path starts and ends with `/` and is part of the ARN.
 */
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';

export function roleArn(location: ServiceLocation, path: string, name: string): string {
  return `arn:${location.partition}:iam::${location.accountId}:role${path}${name}`;
}

export function managedPolicyArn(location: ServiceLocation, path: string, name: string): string {
  return `arn:${location.partition}:iam::${location.accountId}:policy${path}${name}`;
}

export interface IamResourceArn {
  readonly partition: string;
  /** Twelve digits, or `aws` for AWS managed policies. */
  readonly account: string;
  readonly type: 'role' | 'policy';
  readonly path: string;
  readonly name: string;
}

const IAM_ARN =
  /^arn:(aws[a-z-]*):iam::(\d{12}|aws):(role|policy)(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,128})$/;

/** Parses a role or policy ARN; undefined for anything else. */
export function parseIamArn(arn: string): IamResourceArn | undefined {
  const m = IAM_ARN.exec(arn);
  if (m === null) return undefined;
  const [, partition = '', account = '', type = '', path = '/', name = ''] = m;
  return { partition, account, type: type as 'role' | 'policy', path, name };
}

/** True when the ARN names an entity of this deployment's partition and account. */
export function isLocalIamArn(arn: IamResourceArn, location: ServiceLocation): boolean {
  return arn.partition === location.partition && arn.account === location.accountId;
}
