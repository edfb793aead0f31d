/**
 * The audit record of one console action: an operation the console runs for its signed-in
 * principal (through the same handlers as the APIs), or a permission it checks before reading
 * the store itself (the audit trail, notification events, a CA's certificates). Each gets its own
 * record on channel `console`, with the signed-in principal as the caller and the decision made
 * for it; the console request that ran them makes no record of its own, so nothing is counted
 * twice.
 */
import { type ObservedDecision, observeDecisions } from '../authz/decision-observer.ts';
import type { Caller, OperationTrace } from '../control-plane/context.ts';
import { toWireError } from '../http/wire-error.ts';
import {
  type AuditFailure,
  clip,
  decisionOf,
  failureFields,
  outcomeOf,
  resourceList,
} from './audit-event.ts';
import type { RequestAudit } from './request-audit.ts';

/** What the action learns as it runs, for its record. */
export interface ConsoleCallNotes {
  /** ARNs of what it created. */
  readonly created: string[];
  /** What a handler reports (AssumeRole: the role, the session granted). */
  readonly detail: OperationTrace;
}

/**
 * Runs `call` with its decisions observed and records it (also when it throws; the error goes on
 * unchanged). Without an audit (a caller outside a request) it just runs.
 */
export async function recordConsoleCall<T>(
  audit: RequestAudit | undefined,
  caller: Caller,
  action: string,
  call: (notes: ConsoleCallNotes) => Promise<T>,
): Promise<T> {
  const notes: ConsoleCallNotes = { created: [], detail: {} };
  if (audit === undefined) return call(notes);
  const decisions: ObservedDecision[] = [];
  let failure: AuditFailure | undefined;
  try {
    return await observeDecisions(
      (decision) => decisions.push(decision),
      () => call(notes),
    );
  } catch (error) {
    const wire = toWireError(error, audit.requestId);
    failure = { type: wire.type, reason: wire.reason, fault: wire.fault };
    throw error;
  } finally {
    const decision = decisionOf(decisions);
    // A permission checked and refused without an error (the page shows less) is still a denial.
    const refused = failure === undefined && decision?.allowed === false;
    audit.record({
      action,
      outcome: refused ? 'denied' : outcomeOf(failure),
      channel: 'console',
      ...(refused ? { reason: decision.reason } : failureFields(failure)),
      principal: clip(caller.principalArn),
      accessKeyId: clip(caller.accessKeyId),
      resources: resourceList([...(notes.detail.resources ?? []), decision?.resource, ...notes.created]),
      ...(decision === undefined ? {} : { decision }),
      ...(failure !== undefined || notes.detail.assumedRoleArn === undefined
        ? {}
        : { assumedRoleArn: notes.detail.assumedRoleArn }),
      ...(failure !== undefined || notes.detail.expiresAt === undefined
        ? {}
        : { expiresAt: notes.detail.expiresAt }),
    });
  }
}
