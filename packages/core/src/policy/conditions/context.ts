/**
 * The request context as conditions and variables read it. IAM condition key names are not case
 * sensitive ("Key names are case-insensitive. For example, aws:CurrentTime is equivalent to
 * AWS:currenttime", IAM User Guide "IAM policy elements: Variables and tags"), so keys are folded
 * once here; values keep their case.
 */
import type { RequestContext } from '../types.ts';

export interface ContextLookup {
  /** The values of `key`, or undefined when the context does not carry it. */
  get(key: string): readonly string[] | undefined;
}

export function contextLookup(context: RequestContext): ContextLookup {
  const folded = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(context)) {
    folded.set(key.toLowerCase(), typeof value === 'string' ? [value] : value);
  }
  return { get: (key) => folded.get(key.toLowerCase()) };
}
