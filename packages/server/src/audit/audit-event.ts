/**
 * The audit record of one request, built at the edge from the same trace as its `request` log
 * line. Audited today: the decisions that hand out credentials — CreateSession and STS AssumeRole.
 * Requests refused before the operation is known (an AssumeRole whose signature or form is bad)
 * are in the log only.
 */
import type { AuditEventRecord, AuditOutcome } from '@anchorage/core/audit/records';
import type { Caller, OperationTrace } from '../control-plane/context.ts';
import type { SessionTrace } from '../sessions/create-session.ts';

/** Longest text kept in a field: caller-chosen text (ARNs, DNs) must not make records, or the backlog, huge. */
export const MAX_FIELD_LENGTH = 2048;

export interface AuditedRequest {
  readonly requestId: string;
  /** The request's time (epoch ms), the one its decision used. */
  readonly now: number;
  readonly failure?: { readonly type: string; readonly reason: string; readonly fault: string } | undefined;
  readonly sourceAddress?: string | undefined;
  readonly trace: {
    readonly operation?: string;
    readonly service?: string;
    readonly caller?: Caller;
    readonly session?: SessionTrace;
    readonly detail?: OperationTrace;
  };
}

/** The audited action (`service:Operation`) of an operation, or undefined when it is not audited. */
export function auditedAction(
  service: string | undefined,
  operation: string | undefined,
): string | undefined {
  // CreateSession is the data plane: no query service names it.
  if (operation === 'CreateSession' && service === undefined) return 'rolesanywhere:CreateSession';
  if (operation === 'AssumeRole' && service === 'sts') return 'sts:AssumeRole';
  return undefined;
}

export function auditEventOf(request: AuditedRequest): AuditEventRecord | undefined {
  const { trace, failure } = request;
  const action = auditedAction(trace.service, trace.operation);
  if (action === undefined) return undefined;
  const session = trace.session;
  const certificate = session?.certificate;
  const resources =
    session === undefined
      ? (trace.detail?.resources ?? [])
      : [session.trustAnchorArn, session.profileArn, session.roleArn, session.subjectArn];
  const granted = failure === undefined ? (session ?? trace.detail) : undefined;
  // CreateSession's caller is the certificate; everyone else signs with an access key.
  const principal = certificate?.subject ?? trace.caller?.principalArn;
  return {
    id: request.requestId,
    time: new Date(request.now).toISOString(),
    action,
    outcome: outcomeOf(failure),
    ...(failure === undefined ? {} : { errorType: failure.type, reason: clip(failure.reason) }),
    ...(principal === undefined ? {} : { principal: clip(principal) }),
    ...(trace.caller === undefined ? {} : { accessKeyId: trace.caller.accessKeyId }),
    ...(request.sourceAddress === undefined ? {} : { sourceAddress: request.sourceAddress }),
    resources: resources.filter((arn): arn is string => arn !== undefined && arn !== '').map(clip),
    ...(certificate === undefined
      ? {}
      : {
          certificate: {
            serialNumber: certificate.serial,
            fingerprintSha256: certificate.sha256,
            subject: clip(certificate.subject),
            issuer: clip(certificate.issuer),
          },
        }),
    ...(granted?.assumedRoleArn === undefined ? {} : { assumedRoleArn: clip(granted.assumedRoleArn) }),
    ...(granted?.expiresAt === undefined ? {} : { expiresAt: granted.expiresAt }),
  };
}

/** A refusal of the caller is `denied`; our own fault (5xx) is `error`. */
function outcomeOf(failure: AuditedRequest['failure']): AuditOutcome {
  if (failure === undefined) return 'allowed';
  return failure.fault === 'server' ? 'error' : 'denied';
}

function clip(text: string): string {
  if (text.length <= MAX_FIELD_LENGTH) return text;
  return `${text.slice(0, MAX_FIELD_LENGTH)}…(${text.length} characters)`;
}
