/**
 * The page-size rule every backend applies. A bad limit is the caller's bug (handlers validate
 * `maxResults` against the API model first), hence a `RangeError` rather than a taxonomy error.
 */
export function assertPageLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`page limit must be a positive integer, got ${limit}`);
  }
}
