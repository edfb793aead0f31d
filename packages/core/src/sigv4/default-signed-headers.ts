/**
 * Which headers a signer signs when told nothing: every header on the request except those that
 * proxies and HTTP clients may add, drop or rewrite after signing (the hop-by-hop headers of
 * RFC 9110 §7.6.1, `Expect`, `User-Agent`, `X-Amzn-Trace-Id`) and `Authorization` itself. This is
 * botocore's exclusion list, and what the official helper does (protocol notes §2.4 step 2).
 */
import type { HeaderPairs } from './signed-request.ts';

const UNSIGNED = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/** Lower-case, sorted, unique names, as SignedHeaders requires. */
export function defaultSignedHeaders(headers: HeaderPairs): string[] {
  const names = new Set<string>();
  for (const [name] of headers) {
    const lower = name.toLowerCase();
    if (!UNSIGNED.has(lower)) names.add(lower);
  }
  return [...names].sort();
}

/** Normalises a caller-supplied list the same way. */
export function normalizeSignedHeaders(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.toLowerCase()))].sort();
}
