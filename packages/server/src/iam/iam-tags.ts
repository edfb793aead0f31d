/**
 * Tags on IAM roles and policies (IAM User Guide "Tagging IAM resources"): at most 50 per
 * resource; keys are case-insensitive in IAM — a resource cannot carry `Team` and `team`, and
 * tagging with an existing key in any case replaces that tag; the `aws:` prefix is reserved.
 */
import { AnchorageError } from '@anchorage/core/errors';
import type { IamTag } from '@anchorage/core/iam/records';
import { quotaExceeded } from './iam-errors.ts';

export const MAX_TAGS_PER_RESOURCE = 50;

/** Tags as the IAM API writes them. */
export interface WireTag {
  readonly Key: string;
  readonly Value: string;
}

export function toWireTags(tags: readonly IamTag[]): WireTag[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

/** The tags a new resource starts with. */
export function initialTags(tags: readonly WireTag[] | undefined, quota: string): IamTag[] {
  return mergeTags([], tags ?? [], quota);
}

/** `current` with `added` put in, replacing tags whose key matches regardless of case. */
export function mergeTags(current: readonly IamTag[], added: readonly WireTag[], quota: string): IamTag[] {
  const seen = new Set<string>();
  for (const tag of added) {
    const folded = tag.Key.toLowerCase();
    if (seen.has(folded)) {
      throw new AnchorageError(
        'InvalidInput',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(folded);
    if (folded.startsWith('aws:')) {
      throw new AnchorageError('InvalidInput', `Tag keys beginning with 'aws:' are reserved for AWS use.`);
    }
  }
  const kept = current.filter((t) => !seen.has(t.key.toLowerCase()));
  const merged = [...kept, ...added.map((t) => ({ key: t.Key, value: t.Value }))];
  if (merged.length > MAX_TAGS_PER_RESOURCE) throw quotaExceeded(quota, MAX_TAGS_PER_RESOURCE);
  return merged;
}

export function removeTags(current: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !removed.has(t.key.toLowerCase()));
}
