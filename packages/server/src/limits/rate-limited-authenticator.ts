/**
 * Rate limits of the SigV4-signed APIs (Roles Anywhere control plane, IAM and STS, the private CA,
 * /authorize, the notification and audit APIs, the console's API), applied where they all
 * authenticate:
 *
 * - a failed authentication takes a token from its source address's failure bucket; once that is
 *   empty, the source's requests are refused before their bodies are read (`refuseIfFailing`,
 *   called by the edge);
 * - an authenticated caller takes a token from its access key id's bucket.
 *
 * `verify` (the forwarded request the authorisation endpoint is asked about) is not limited: it
 * is the resource server's client, and the resource server's own call has been counted.
 */
import { isAnchorageError } from '@anchorage/core/errors';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Admission } from './admission.ts';
import { throttled } from './limit-refusal.ts';
import { admitOrRefuse } from './session-admission.ts';
import { sourceKey } from './source-key.ts';
import type { TokenBuckets } from './token-buckets.ts';

export interface ApiRateLimits {
  readonly authenticator: Authenticator;
  /** Before the body is read: refuses a source whose failure bucket is empty. */
  refuseIfFailing(remoteAddress: string | undefined, now: number): void;
}

export function rateLimitedAuthenticator(
  inner: Authenticator,
  admission: Admission,
  /** Per-process failure buckets by source; undefined when that limit is off. */
  failures: TokenBuckets | undefined,
): ApiRateLimits {
  return {
    authenticator: {
      async authenticate(input, service, region) {
        let caller: Awaited<ReturnType<Authenticator['authenticate']>>;
        try {
          caller = await inner.authenticate(input, service, region);
        } catch (error) {
          if (isAnchorageError(error) && error.fault === 'client') {
            failures?.take(sourceKey(input.req.socket.remoteAddress), input.now);
          }
          throw error;
        }
        await admitOrRefuse(admission, { takes: [{ bucket: 'apiPerAccessKey', key: caller.accessKeyId }] });
        return caller;
      },
      verify: (request, scope, now) => inner.verify(request, scope, now),
    },
    refuseIfFailing(remoteAddress, now) {
      if (failures === undefined) return;
      const key = sourceKey(remoteAddress);
      if (!failures.has(key, now))
        throw throttled('apiAuthFailuresPerSource', failures.waitMs(key, now), key);
    },
  };
}
