/**
 * The headers every console response carries. The policy allows nothing but the console's own
 * stylesheet, script and images: no inline script or style, no plugins, no framing, forms posting
 * only back here, and no `<base>` to redirect relative URLs. Pages are never cached (they show
 * what a signed-in person may see); the versioned static assets are cached for a year.
 */
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

/** A year: asset URLs carry a hash of their content, so a changed file is a new URL. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export function securityHeaders(kind: 'page' | 'asset'): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': kind === 'page' ? 'no-store' : ASSET_CACHE_CONTROL,
  };
}

export function setSecurityHeaders(res: ServerResponse, kind: 'page' | 'asset'): void {
  for (const [name, value] of Object.entries(securityHeaders(kind))) res.setHeader(name, value);
}
