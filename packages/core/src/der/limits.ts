/**
 * Bounds that keep hostile input from exhausting the stack or memory. The decoder checks them
 * before it allocates anything for an element, so an over-long length or a deeply nested blob
 * is refused in time proportional to the bytes actually read.
 */
export interface DerLimits {
  /** Largest input accepted, in bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of constructed elements; the top-level element is depth 1. */
  readonly maxDepth: number;
  /** Most elements (primitive and constructed) in one input. */
  readonly maxElements: number;
}

// X.509 structures nest about a dozen levels at most (a directoryName inside a name constraint
// inside an extension); 32 leaves room and keeps the recursion shallow.
export const DEFAULT_DER_LIMITS: DerLimits = {
  maxBytes: 1_048_576,
  maxDepth: 32,
  maxElements: 200_000,
};
