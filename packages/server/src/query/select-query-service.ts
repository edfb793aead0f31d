/**
 * Which query API a `POST /` is for. One endpoint serves IAM and STS (like a cloud emulator), so
 * the SigV4 credential scope decides: its service names the API and must be `iam` or `sts`.
 * IAM is a global service that AWS signs for us-east-1, and the CLI signs STS for the client's
 * region, so either API accepts a scope region of us-east-1 or the configured region.
 *
 * The scope is only read here, before any secret is consulted; the verifier then checks the
 * signature against the service and region chosen. A scope naming anything else is handed to
 * the verifier as IAM in the configured region, so the refusal carries AWS's own wording
 * ("Credential should be scoped to correct service: 'iam'." / "… to a valid region.").
 */
import type { IncomingMessage } from 'node:http';
import { indexHeaders } from '@anchorage/core/sigv4/header-index';
import { readRequestAuthentication } from '@anchorage/core/sigv4/request-authentication';
import type { QueryService } from './query-operation.ts';

export type QueryServiceName = 'iam' | 'sts';

/** The region IAM signs for in the aws partition, whatever the client's region. */
export const GLOBAL_SIGNING_REGION = 'us-east-1';

export interface SelectedQueryService {
  readonly name: QueryServiceName;
  readonly service: QueryService;
  /** The region the signature must be scoped to. */
  readonly region: string;
}

export function selectQueryService(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  services: Readonly<Record<QueryServiceName, QueryService>>,
  configuredRegion: string,
): SelectedQueryService {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  }
  // Throws the verifier's own errors for an unsigned or malformed request.
  const { credential } = readRequestAuthentication(
    { method: req.method ?? '', rawPath, rawQuery, headers, payloadSha256Hex: '' },
    indexHeaders(headers),
  ).authorization;
  const name: QueryServiceName = credential.service === 'sts' ? 'sts' : 'iam';
  const region =
    credential.region === GLOBAL_SIGNING_REGION || credential.region === configuredRegion
      ? credential.region
      : configuredRegion;
  return { name, service: services[name], region };
}
