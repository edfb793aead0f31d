/**
 * STS GetCallerIdentity: who signed the request (STS API Reference, GetCallerIdentity). For the
 * administrator key, the account's root principal: UserId = the account id, Arn =
 * `arn:<partition>:iam::<account>:root`. For a role session: UserId = `<role id>:<session name>`,
 * Arn = `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>`.
 */
import { assumedRoleUserId } from '@anchorage/core/sts/session-claims';
import type { OperationContext } from '../control-plane/context.ts';

export async function getCallerIdentity(_input: object, ctx: OperationContext): Promise<object> {
  const { session } = ctx.caller;
  if (session !== undefined) {
    return { UserId: assumedRoleUserId(session), Account: session.accountId, Arn: ctx.caller.principalArn };
  }
  return { UserId: ctx.location.accountId, Account: ctx.location.accountId, Arn: ctx.caller.principalArn };
}
