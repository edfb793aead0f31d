/** What every control-plane operation receives besides its validated input. */
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import type { Store } from '@anchorage/store/port';

export interface Caller {
  readonly accessKeyId: string;
  /** The administrator's `arn:<partition>:iam::<account>:root`, or a role session's assumed-role ARN. */
  readonly principalArn: string;
  /** Present for temporary credentials: the claims their session token carried. */
  readonly session?: SessionClaims;
}

export interface OperationContext {
  readonly store: Store;
  readonly location: ServiceLocation;
  readonly caller: Caller;
  /** The request's time, fixed once per request (epoch ms). */
  readonly now: number;
  readonly newId: () => string;
  /** Filled in by handlers that decide about a caller, for the log line and the audit record. */
  readonly trace?: OperationTrace;
}

/** What a handler learned that its output does not carry to the edge; never secrets. */
export interface OperationTrace {
  /** ARNs the decision concerned (AssumeRole: the role asked for, whether or not it exists). */
  resources?: string[];
  /** A granted session's assumed-role ARN and expiry (ISO-8601). */
  assumedRoleArn?: string;
  expiresAt?: string;
}

/** A handler takes the input the model validated and returns the output structure. */
export type OperationHandler = (
  input: Readonly<Record<string, unknown>>,
  ctx: OperationContext,
) => Promise<object>;

/**
 * Declares a handler over its typed input. The cast is sound because the restJson1 adapter only
 * calls a handler with input that passed `validateInput` against the operation's input shape.
 */
export function operation<I>(fn: (input: I, ctx: OperationContext) => Promise<object>): OperationHandler {
  return (input, ctx) => fn(input as I, ctx);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
