/**
 * Parsed policies, remembered by their text: every authorised request evaluates its role's
 * policies, and parsing them each time would cost more than evaluating them. Bounded, so that
 * many distinct documents cannot grow memory without limit; the oldest entries go first.
 */
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import type { Policy, PolicyKind } from '@anchorage/core/policy/types';

const MAX_ENTRIES = 2000;
const cache = new Map<string, Policy>();
const counts = { hits: 0, misses: 0 };

/** For metrics: lookups since the process started, and the entries held. */
export function policyCacheStats(): { hits: number; misses: number; size: number } {
  return { ...counts, size: cache.size };
}

export function parsePolicyCached(text: string, kind: PolicyKind): Policy {
  const key = `${kind}\n${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    counts.hits += 1;
    // Re-insert so that Map order tracks recent use.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  counts.misses += 1;
  const policy = parsePolicy(text, kind);
  cache.set(key, policy);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return policy;
}
