/**
 * What every private CA operation receives: the common operation context plus the secret box
 * that seals and opens CA keys; and how an operation is declared (handler, IAM action, resource).
 */
import type { OperationContext } from '../control-plane/context.ts';
import type { JsonRpcOperation } from '../http/json-rpc.ts';
import type { SecretBox } from '../secrets/secret-box.ts';

export interface AcmPcaContext extends OperationContext {
  readonly box: SecretBox;
}

export type AcmPcaHandler<I> = (input: I, ctx: AcmPcaContext) => Promise<object>;

/** Operations act on the CA their input names; creating and listing act on `*`. */
export function caResource(input: Readonly<Record<string, unknown>>): string {
  const arn = input.CertificateAuthorityArn;
  return typeof arn === 'string' ? arn : '*';
}

/**
 * Declares one operation over its typed input. The cast is sound because the JSON adapter calls
 * handlers only with input that passed `validateInput` against the operation's input shape.
 */
export function acmPcaOperation<I>(
  box: SecretBox,
  name: string,
  handler: AcmPcaHandler<I>,
): JsonRpcOperation {
  return {
    action: `acm-pca:${name}`,
    resource: caResource,
    handler: (input, ctx) => handler(input as I, { ...ctx, box }),
  };
}
