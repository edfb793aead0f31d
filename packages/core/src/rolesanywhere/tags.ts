/**
 * Resource tags. TagResource adds or overwrites by key, UntagResource removes keys (absent keys
 * are ignored). AWS's tagging rules: at most 50 tags on a resource, keys unique within a request,
 * and the `aws:` prefix reserved for AWS.
 */
import { AnchorageError, validationError } from '../errors.ts';
import type { Tag } from './records.ts';

export const MAX_TAGS_PER_RESOURCE = 50;

export function checkNewTags(tags: readonly Tag[]): void {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (keys.has(tag.key)) throw validationError(`Duplicate tag key: ${tag.key}`);
    keys.add(tag.key);
    if (tag.key.toLowerCase().startsWith('aws:')) {
      throw validationError('Tag keys starting with "aws:" are reserved for AWS use');
    }
  }
}

export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkNewTags(added);
  const byKey = new Map(current.map((t) => [t.key, t.value] as const));
  for (const tag of added) byKey.set(tag.key, tag.value);
  if (byKey.size > MAX_TAGS_PER_RESOURCE) {
    throw new AnchorageError(
      'TooManyTagsException',
      `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; this request would leave ${byKey.size}`,
    );
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export function removeTags(current: readonly Tag[], keys: readonly string[]): Tag[] {
  const removed = new Set(keys);
  return current.filter((t) => !removed.has(t.key));
}

/** Tags given at creation obey the same limit as TagResource. */
export function initialTags(tags: readonly Tag[] | undefined): Tag[] {
  return mergeTags([], tags ?? []);
}
