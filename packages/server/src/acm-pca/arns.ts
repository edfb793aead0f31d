/**
 * ARNs of the private CA, formed as ACM PCA forms them:
 * `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<uuid>` for a CA and
 * `<ca arn>/certificate/<serial hex, lower case>` for a certificate it issued.
 */
import { AnchorageError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CA_ARN = new RegExp(
  `^arn:(aws(?:-[a-z0-9-]+)?):acm-pca:([a-z0-9-]+):([0-9]{12}):certificate-authority/(${UUID})$`,
);
const CERTIFICATE_TAIL = /^\/certificate\/([0-9a-f]+)$/;

export interface CaArn extends ServiceLocation {
  readonly id: string;
}

export function caArn(location: ServiceLocation, id: string): string {
  return `arn:${location.partition}:acm-pca:${location.region}:${location.accountId}:certificate-authority/${id}`;
}

export function certificateArn(caArnText: string, serialHexLower: string): string {
  return `${caArnText}/certificate/${serialHexLower}`;
}

/** The CA an ARN names; InvalidArnException when it is not a CA ARN at all. */
export function parseCaArn(arn: string): CaArn {
  const m = CA_ARN.exec(arn);
  if (m === null) throw invalidArn(arn, 'certificate authority');
  const [, partition = '', region = '', accountId = '', id = ''] = m;
  return { partition, region, accountId, id };
}

/** The serial (lower-case hex) a certificate ARN of `caArnText` names; InvalidArnException otherwise. */
export function parseCertificateArn(arn: string, caArnText: string): string {
  const tail = arn.startsWith(caArnText) ? CERTIFICATE_TAIL.exec(arn.slice(caArnText.length)) : null;
  if (tail === null) throw invalidArn(arn, 'certificate');
  return tail[1] ?? '';
}

export function isLocalCa(arn: CaArn, location: ServiceLocation): boolean {
  return (
    arn.partition === location.partition &&
    arn.region === location.region &&
    arn.accountId === location.accountId
  );
}

function invalidArn(arn: string, what: string): AnchorageError {
  return new AnchorageError(
    'InvalidArnException',
    `${JSON.stringify(arn.slice(0, 200))} is not a valid ${what} ARN`,
  );
}
