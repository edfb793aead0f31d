/**
 * The audit record of one request that reached Anchorage's APIs, built at the edge from the same
 * trace as its `request` log line: who (the caller, or CreateSession's certificate; for a refused
 * signature the key it claimed), from where, which action (`unknown` when the request was refused
 * before its operation was known), on which resources, the outcome with its precise reason, and
 * the authorisation decision made for it. Never a request or response body: records hold ARNs,
 * names and reasons only, each clipped to `MAX_FIELD_LENGTH`.
 */
import type { AuditDecision, AuditEventRecord, AuditOutcome } from '@anchorage/core/audit/records';
import type { ObservedDecision } from '../authz/decision-observer.ts';
import type { Caller, OperationTrace } from '../control-plane/context.ts';
import type { SessionTrace } from '../sessions/create-session.ts';

/** Longest text kept in a field: caller-chosen text (ARNs, DNs) must not make records, or the backlog, huge. */
export const MAX_FIELD_LENGTH = 2048;
/** Resources kept in one record at most (a decision's resource, what it created, CreateSession's four). */
const MAX_RESOURCES = 8;

export interface AuditFailure {
  readonly type: string;
  readonly reason: string;
  readonly fault: string;
}

export interface AuditedRequest {
  readonly requestId: string;
  /** The request's time (epoch ms), the one its decision used. */
  readonly now: number;
  readonly failure?: AuditFailure | undefined;
  readonly sourceAddress?: string | undefined;
  /** The access key id the request's signature named, for a request refused before it was authenticated. */
  readonly claimedAccessKeyId?: string | undefined;
  /** The authorisation decisions made while the request ran, in order. */
  readonly decisions?: readonly ObservedDecision[];
  readonly trace: {
    /** The action's service prefix (`rolesanywhere`, `acm-pca`, `anchorage`); the query API's service wins. */
    readonly actionPrefix?: string;
    readonly operation?: string;
    readonly service?: string;
    readonly caller?: Caller;
    readonly session?: SessionTrace;
    readonly detail?: OperationTrace;
    /** ARNs of what the operation created (from its output). */
    readonly created?: readonly string[];
  };
}

/** `service:Operation`, or `unknown` while either is not known. */
export function auditedAction(prefix: string | undefined, operation: string | undefined): string {
  if (prefix === undefined || operation === undefined) return 'unknown';
  return `${prefix}:${operation}`;
}

export function auditEventOf(request: AuditedRequest): AuditEventRecord {
  const { trace, failure } = request;
  const action = auditedAction(trace.service ?? trace.actionPrefix, trace.operation);
  const session = trace.session;
  const certificate = session?.certificate;
  const decision = decisionOf(request.decisions ?? []);
  const resources =
    session === undefined
      ? [...(trace.detail?.resources ?? []), decision?.resource, ...(trace.created ?? [])]
      : [session.trustAnchorArn, session.profileArn, session.roleArn, session.subjectArn];
  const granted = failure === undefined ? (session ?? trace.detail) : undefined;
  // CreateSession's caller is the certificate; everyone else signs with an access key.
  const principal = certificate?.subject ?? trace.caller?.principalArn;
  const accessKeyId = trace.caller?.accessKeyId ?? request.claimedAccessKeyId;
  return {
    id: request.requestId,
    requestId: request.requestId,
    time: new Date(request.now).toISOString(),
    action: clip(action),
    outcome: outcomeOf(failure),
    channel: 'api',
    ...failureFields(failure),
    ...(principal === undefined ? {} : { principal: clip(principal) }),
    ...(accessKeyId === undefined ? {} : { accessKeyId: clip(accessKeyId) }),
    ...(request.sourceAddress === undefined ? {} : { sourceAddress: request.sourceAddress }),
    resources: resourceList(resources),
    ...(decision === undefined ? {} : { decision }),
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

/**
 * The decision a record carries: the first that denied (the one that refused the call), else the
 * first made (the call's own; AssumeRole's later ones are for sts:TagSession and the like).
 */
export function decisionOf(decisions: readonly ObservedDecision[]): AuditDecision | undefined {
  const chosen = decisions.find((d) => !d.allowed) ?? decisions[0];
  if (chosen === undefined) return undefined;
  return {
    action: clip(chosen.action),
    resource: clip(chosen.resource),
    allowed: chosen.allowed,
    reason: clip(chosen.reason),
  };
}

/** A refusal of the caller is `denied`; our own fault (5xx) is `error`. */
export function outcomeOf(failure: AuditFailure | undefined): AuditOutcome {
  if (failure === undefined) return 'allowed';
  return failure.fault === 'server' ? 'error' : 'denied';
}

export function failureFields(failure: AuditFailure | undefined): { errorType?: string; reason?: string } {
  return failure === undefined ? {} : { errorType: failure.type, reason: clip(failure.reason) };
}

/** Distinct ARNs, clipped, at most `MAX_RESOURCES`; `*` and empty values are no resource. */
export function resourceList(resources: readonly (string | undefined)[]): string[] {
  const kept = new Set<string>();
  for (const arn of resources) {
    if (arn === undefined || arn === '' || arn === '*') continue;
    kept.add(clip(arn));
    if (kept.size >= MAX_RESOURCES) break;
  }
  return [...kept];
}

export function clip(text: string): string {
  if (text.length <= MAX_FIELD_LENGTH) return text;
  return `${text.slice(0, MAX_FIELD_LENGTH)}…(${text.length} characters)`;
}
