/**
 * STS GetCallerIdentity: who signed the request. For the account's root principal (the
 * administrator key) AWS answers UserId = the account id, Arn = `arn:<partition>:iam::<account>:root`
 * (STS API Reference, GetCallerIdentity, "Example 1" for the root user). Other principals come
 * with temporary credentials, which this version does not issue yet.
 */
import { AnchorageError } from '@anchorage/core/errors';
import type { OperationContext } from '../control-plane/context.ts';

export async function getCallerIdentity(_input: object, ctx: OperationContext): Promise<object> {
  const { accountId, partition } = ctx.location;
  if (ctx.caller.principalArn !== `arn:${partition}:iam::${accountId}:root`) {
    throw new AnchorageError('InternalFailure', 'GetCallerIdentity cannot describe this principal', {
      reason: `no identity description for principal ${ctx.caller.principalArn}`,
    });
  }
  return { UserId: accountId, Account: accountId, Arn: ctx.caller.principalArn };
}
