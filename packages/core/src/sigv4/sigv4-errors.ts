/**
 * The refusals of the SigV4 layer, with the codes and messages AWS uses so that SDKs and the CLI
 * show users what they would see against AWS. The precise cause goes into `reason` (log and audit
 * only). Messages never carry secrets or the raw header.
 */
import { AnchorageError } from '../errors.ts';

export const MISSING_TOKEN_MESSAGE = 'Missing Authentication Token';
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function missingAuthenticationToken(reason: string): AnchorageError {
  return new AnchorageError('MissingAuthenticationTokenException', MISSING_TOKEN_MESSAGE, { reason });
}

export function incompleteSignature(message: string, reason: string = message): AnchorageError {
  return new AnchorageError('IncompleteSignatureException', message, { reason });
}

export function invalidSignature(message: string, reason: string = message): AnchorageError {
  return new AnchorageError('InvalidSignatureException', message, { reason });
}

export function signatureMismatch(reason: string): AnchorageError {
  return invalidSignature(SIGNATURE_MISMATCH_MESSAGE, reason);
}

export function unrecognizedClient(reason: string): AnchorageError {
  return new AnchorageError('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, { reason });
}
