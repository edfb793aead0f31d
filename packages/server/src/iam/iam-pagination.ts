/**
 * IAM's `Marker` / `MaxItems` pagination: a page holds at most MaxItems entries (default 100,
 * IAM API Reference "MaxItems"), `IsTruncated` says whether more follow and `Marker` is what to
 * send back for them. Markers are opaque to clients.
 *
 * - Lists held inside one record (a role's inline policies, attachments and tags, a policy's
 *   versions, simulation results) are short and paged by position.
 * - Collections (roles, policies) are paged with the store's cursor, which stays valid while
 *   entities come and go. With a filter (PathPrefix, Scope…) the store is read exactly as far as
 *   the last entry returned, so the cursor after it is the next page's marker.
 */
import { validationError } from '@anchorage/core/errors';
import { InvalidCursorError, type Page, type PageRequest } from '@anchorage/store/port';

export const DEFAULT_MAX_ITEMS = 100;
/** Store reads while looking ahead for IsTruncated. */
const LOOKAHEAD_PAGE = 100;

export interface MarkerInput {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface IamPage<T> {
  readonly items: readonly T[];
  /** Present when more items follow. */
  readonly marker?: string;
}

/** The truncation members of a List response. */
export function truncation(page: IamPage<unknown>): { IsTruncated: boolean; Marker?: string } {
  return page.marker === undefined ? { IsTruncated: false } : { IsTruncated: true, Marker: page.marker };
}

const POSITION_MARKER = /^p([1-9][0-9]{0,6})$/;

export function pageOfList<T>(all: readonly T[], input: MarkerInput): IamPage<T> {
  let start = 0;
  if (input.Marker !== undefined) {
    const m = POSITION_MARKER.exec(Buffer.from(input.Marker, 'base64url').toString('latin1'));
    if (m === null) throw invalidMarker();
    start = Number(m[1]);
  }
  const end = start + (input.MaxItems ?? DEFAULT_MAX_ITEMS);
  const items = all.slice(start, end);
  return end < all.length ? { items, marker: Buffer.from(`p${end}`).toString('base64url') } : { items };
}

export async function pageOfCollection<R>(
  list: (page: PageRequest) => Promise<Page<R>>,
  keep: (record: R) => boolean,
  input: MarkerInput,
): Promise<IamPage<R>> {
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const items: R[] = [];
  let cursor = input.Marker;
  try {
    let more = true;
    while (more && items.length < max) {
      // Never read past what can still be returned: the cursor then sits after the last item kept.
      const page = await list({
        limit: max - items.length,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      items.push(...page.items.filter(keep));
      more = page.next !== undefined;
      if (page.next !== undefined) cursor = page.next;
    }
    if (!more || cursor === undefined) return { items };
    return (await anyMore(list, keep, cursor)) ? { items, marker: cursor } : { items };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidMarker();
    throw error;
  }
}

async function anyMore<R>(
  list: (page: PageRequest) => Promise<Page<R>>,
  keep: (record: R) => boolean,
  from: string,
): Promise<boolean> {
  let cursor: string | undefined = from;
  while (cursor !== undefined) {
    const page: Page<R> = await list({ limit: LOOKAHEAD_PAGE, after: cursor });
    if (page.items.some(keep)) return true;
    cursor = page.next;
  }
  return false;
}

function invalidMarker() {
  return validationError('Invalid Marker.');
}
