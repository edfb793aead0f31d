/**
 * SigV4 authentication of a request (control plane, IAM and STS): the edge hands the core verifier the raw
 * request line parts, the raw header pairs and the SHA-256 of the exact body bytes, and looks up
 * the signing key's secret in the store. The verifier decides; this only adapts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { verifySigV4Request } from '@anchorage/core/sigv4/verify-hmac';
import type { Store } from '@anchorage/store/port';
import type { Caller } from '../control-plane/context.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { lookupSecret } from './access-keys.ts';

export interface AuthenticationInput {
  readonly req: IncomingMessage;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly body: Buffer;
  readonly now: number;
}

export interface Authenticator {
  /**
   * Verifies the request's signature for `service` in `region` (default: the configured region;
   * the query APIs pass the scope region they accept, such as us-east-1 for the global IAM).
   */
  authenticate(input: AuthenticationInput, service: string, region?: string): Promise<Caller>;
}

export function createAuthenticator(store: Store, box: SecretBox, region: string): Authenticator {
  return {
    async authenticate({ req, rawPath, rawQuery, body, now }, service, scopeRegion = region) {
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
      }
      let principalArn = '';
      const verified = await verifySigV4Request(
        {
          method: req.method ?? '',
          rawPath,
          rawQuery,
          headers,
          payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
        },
        {
          now,
          region: scopeRegion,
          service,
          lookupCredential: async (accessKeyId) => {
            const found = await lookupSecret(store, box, accessKeyId);
            if (found === undefined) return undefined;
            principalArn = found.principalArn;
            return { secretAccessKey: found.secretAccessKey };
          },
        },
      );
      return { accessKeyId: verified.accessKeyId, principalArn };
    },
  };
}
