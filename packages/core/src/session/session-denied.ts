/**
 * CreateSession's refusals. On the wire they are `AccessDeniedException` with the messages AWS
 * gives where they are known ("Invalid signature", "Untrusted Signing Certificate", "Certificate
 * revoked", …) or a short uniform one; the precise reason (which check, which certificate, which
 * statement) goes to the log and the subject's failed attempt, under the request id.
 */
import { AnchorageError } from '../errors.ts';

export const INVALID_SIGNATURE = 'Invalid signature';
export const UNTRUSTED_CERTIFICATE = 'Untrusted Signing Certificate';
export const CERTIFICATE_REVOKED = 'Certificate revoked';

export function sessionDenied(message: string, reason: string): AnchorageError {
  return new AnchorageError('AccessDeniedException', message, { reason });
}
