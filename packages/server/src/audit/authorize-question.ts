/**
 * The audit record of a question answered at `/authorize`: an authorisation decision about the
 * resource server's client, recorded on channel `authorize` beside the resource server's own
 * `anchorage:Authorize` record (same request id). The principal is the client that signed the
 * forwarded request (its claimed key when the signature did not verify), the action and resource
 * are the ones asked about, the outcome is the answer, with the engine's reason. The forwarded
 * headers and context are not kept: they carry the client's signature and session token.
 */
import type { AuditDecision } from '@anchorage/core/audit/records';
import type { AuthorizationAnswer, AuthorizationQuestion } from '../http/authorize-endpoint.ts';
import { clip, resourceList } from './audit-event.ts';
import { claimedAccessKeyId } from './claimed-access-key.ts';
import type { AuditFields } from './request-audit.ts';

export interface AnsweredQuestion {
  readonly question: AuthorizationQuestion;
  readonly answer: AuthorizationAnswer;
}

export function questionEventOf({ question, answer }: AnsweredQuestion): AuditFields {
  const allowed = answer.decision === 'Allow';
  const authorization = question.request.headers.find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  // The key the signature names: the signer's, once it verified.
  const key = claimedAccessKeyId(authorization, question.request.rawQuery);
  const decision: AuditDecision = {
    action: clip(question.action),
    resource: clip(question.resource),
    allowed,
    reason: clip(answer.reason),
  };
  return {
    action: decision.action,
    outcome: allowed ? 'allowed' : 'denied',
    channel: 'authorize',
    ...(answer.error === undefined ? {} : { errorType: clip(answer.error.code) }),
    ...(allowed ? {} : { reason: decision.reason }),
    ...(answer.principal === undefined ? {} : { principal: clip(answer.principal.arn) }),
    ...(key === undefined ? {} : { accessKeyId: clip(key) }),
    resources: resourceList([question.resource]),
    decision,
  };
}
