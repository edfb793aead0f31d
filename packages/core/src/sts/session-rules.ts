/**
 * The rules STS applies when a session is made from a request and, for role chaining, from the
 * session that asks (IAM User Guide, "Passing session tags in AWS STS" and "Role chaining"):
 *
 * - a chained session lasts at most one hour;
 * - transitive tags of the parent pass to the child, stay transitive, and cannot be overridden;
 * - tag keys are unique regardless of case; transitive keys must name tags of the request;
 * - at most 50 session tags;
 * - a source identity, once set, cannot change.
 */
import { AnchorageError, validationError } from '../errors.ts';
import type { SessionClaims, SessionTag } from './session-claims.ts';

export const MAX_SESSION_TAGS = 50;
export const CHAINED_SESSION_MAX_SECONDS = 3600;
export const DEFAULT_SESSION_SECONDS = 3600;

export interface SessionRequest {
  readonly durationSeconds?: number;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

export interface SessionTerms {
  readonly durationSeconds: number;
  readonly tags: readonly SessionTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
}

export function sessionTerms(
  request: SessionRequest,
  roleMaxSessionSeconds: number,
  parent: SessionClaims | undefined,
): SessionTerms {
  const durationSeconds = request.durationSeconds ?? DEFAULT_SESSION_SECONDS;
  if (parent !== undefined && durationSeconds > CHAINED_SESSION_MAX_SECONDS) {
    throw validationError(
      `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`,
    );
  }
  if (durationSeconds > roleMaxSessionSeconds) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }

  const requested = new Map<string, SessionTag>();
  for (const tag of request.tags) {
    const folded = tag.key.toLowerCase();
    if (requested.has(folded)) throw validationError(`Duplicate tag keys found: ${tag.key}`);
    requested.set(folded, tag);
  }
  for (const key of request.transitiveTagKeys) {
    if (!requested.has(key.toLowerCase())) {
      throw validationError(`TransitiveTagKeys names ${key}, which is not among the session tags`);
    }
  }
  const inherited = parent === undefined ? [] : parent.tags.filter((t) => isTransitive(parent, t.key));
  for (const tag of inherited) {
    if (requested.has(tag.key.toLowerCase())) {
      throw new AnchorageError(
        'InvalidInput',
        `Transitive session tag ${tag.key} was set by an earlier session in the chain and cannot be overridden`,
      );
    }
  }
  const tags = [...inherited, ...requested.values()];
  if (tags.length > MAX_SESSION_TAGS) {
    throw validationError(`A session can carry at most ${MAX_SESSION_TAGS} tags, transitive ones included`);
  }

  const sourceIdentity = parent?.sourceIdentity ?? request.sourceIdentity;
  if (
    parent?.sourceIdentity !== undefined &&
    request.sourceIdentity !== undefined &&
    request.sourceIdentity !== parent.sourceIdentity
  ) {
    throw validationError('The source identity of a session cannot be changed when it assumes another role.');
  }
  return {
    durationSeconds,
    tags,
    transitiveTagKeys: [...inherited.map((t) => t.key), ...request.transitiveTagKeys],
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
  };
}

function isTransitive(session: SessionClaims, key: string): boolean {
  const folded = key.toLowerCase();
  return session.transitiveTagKeys.some((k) => k.toLowerCase() === folded);
}
