/**
 * `nextToken` / `pageSize` of the List operations. The model leaves the page size unbounded and
 * undocumented; we serve 50 by default and at most 100 per page (a larger request gets 100, as
 * a paginating client simply asks again), and refuse sizes below 1.
 */
import { validationError } from '@anchorage/core/errors';
import { InvalidCursorError, type Page } from '@anchorage/store/port';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export interface ListInput {
  readonly nextToken?: string;
  readonly pageSize?: number;
}

export async function listPage<R>(
  input: ListInput,
  list: (page: { limit: number; after?: string }) => Promise<Page<R>>,
): Promise<{ items: readonly R[]; nextToken?: string }> {
  const size = input.pageSize ?? DEFAULT_PAGE_SIZE;
  if (size < 1) throw validationError(`pageSize must be at least 1, got ${size}`);
  try {
    const page = await list({
      limit: Math.min(size, MAX_PAGE_SIZE),
      ...(input.nextToken === undefined ? {} : { after: input.nextToken }),
    });
    return { items: page.items, ...(page.next === undefined ? {} : { nextToken: page.next }) };
  } catch (error) {
    if (error instanceof InvalidCursorError) throw validationError('Invalid nextToken');
    throw error;
  }
}

export function nextTokenOf(page: { readonly nextToken?: string }): { nextToken?: string } {
  return page.nextToken === undefined ? {} : { nextToken: page.nextToken };
}
