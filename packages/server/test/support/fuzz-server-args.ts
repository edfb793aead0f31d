/**
 * Server flags for the fuzz and soak tests: the rate limits off. Those tests aim at what lies
 * behind the limiter (signature checks, parsers, handlers, the store); with the defaults most of
 * their thousands of requests from one address would be answered 429 before reaching any of it.
 * The limiter has tests of its own.
 */
export const RATE_LIMITS_OFF: readonly string[] = [
  '--create-session-rate-per-source',
  '0',
  '--create-session-rate-per-anchor',
  '0',
  '--api-rate-per-key',
  '0',
  '--api-auth-failure-rate-per-source',
  '0',
];
