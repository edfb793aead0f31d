/**
 * The resource a Roles Anywhere operation acts on, for authorising non-administrator callers
 * (Service Authorization Reference for IAM Roles Anywhere: operations on one trust anchor,
 * profile, CRL or subject act on its ARN; creating and listing act on `*`).
 */
import { resourceArn, type ServiceLocation } from '@anchorage/core/rolesanywhere/arn';

export function rolesAnywhereResource(
  input: Readonly<Record<string, unknown>>,
  location: ServiceLocation,
): string {
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
  const resourceArnInput = text('resourceArn');
  if (resourceArnInput !== undefined) return resourceArnInput;
  const trustAnchorId = text('trustAnchorId');
  if (trustAnchorId !== undefined) return resourceArn(location, 'trust-anchor', trustAnchorId);
  const profileId = text('profileId');
  if (profileId !== undefined) return resourceArn(location, 'profile', profileId);
  const crlId = text('crlId');
  if (crlId !== undefined) return resourceArn(location, 'crl', crlId);
  const subjectId = text('subjectId');
  if (subjectId !== undefined) return resourceArn(location, 'subject', subjectId);
  return '*';
}
