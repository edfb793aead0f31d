/**
 * The CanonicalURI line of the canonical request.
 *
 * For every service except S3, the AWS SigV4 rules (and what botocore and the AWS SDK for
 * JavaScript v3 actually sign) are: normalise the path as RFC 3986 §5.2.4 "Remove Dot Segments"
 * does, also collapsing repeated slashes, then URI-encode each segment. The SDKs apply that
 * encoding to the path they already percent-encoded for the wire, so the encoding is applied
 * twice: `/a%3Ab` on the wire is signed as `/a%253Ab`. Here we receive the wire path, so
 * "double encoding" means encoding the raw segment once more.
 *
 * S3 is the exception (no normalisation, single encoding); `{ normalizePath: false,
 * doubleEncode: false }` gives that: each segment is decoded to bytes and encoded once, so a
 * client that sent `:` raw and one that sent `%3A` both match.
 */
import { percentDecodeToBytes, uriEncode, uriEncodeBytes } from './uri-encode.ts';

export interface CanonicalUriOptions {
  /** Remove `.`/`..` segments and empty segments (repeated slashes). Default true. */
  readonly normalizePath?: boolean;
  /** Encode the already-encoded wire path again. Default true. */
  readonly doubleEncode?: boolean;
}

/**
 * Dot-segment removal as the SDKs implement it (segment-wise, not the RFC's buffer algorithm):
 * `..` pops the previous segment, `.` and empty segments are dropped, a leading slash is kept and
 * a trailing slash is kept only if a segment remains. This differs from RFC 3986 in one corner:
 * `/a/b/..` becomes `/a` (the RFC says `/a/`); we follow the clients, since they sign it.
 */
function removeDotSegments(path: string): string {
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  const leading = path.startsWith('/') ? '/' : '';
  const trailing = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return `${leading}${kept.join('/')}${trailing}`;
}

export function canonicalUri(rawPath: string, options: CanonicalUriOptions = {}): string {
  const normalizePath = options.normalizePath ?? true;
  const doubleEncode = options.doubleEncode ?? true;
  // An empty path is `/` (SigV4: "If the absolute path is empty, use a forward slash").
  const path = (normalizePath ? removeDotSegments(rawPath) : rawPath) || '/';
  const encodeSegment = doubleEncode
    ? uriEncode
    : (segment: string) => uriEncodeBytes(percentDecodeToBytes(segment));
  return path.split('/').map(encodeSegment).join('/');
}
