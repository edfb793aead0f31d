/**
 * The CreateSession call (protocol notes §2): the request the official helper sends — ARNs in the
 * query string, `{"durationSeconds":N[,"roleSessionName":…]}` as the body, the certificate and chain
 * in `X-Amz-X509`/`X-Amz-X509-Chain` — signed by the core's SigV4-X509 planner, the same code the
 * server verifies with. Retries what is worth retrying; explains what is not.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { planX509Signing } from '@anchorage/core/sigv4/sign-x509';
import { HelperError } from '../helper-error.ts';
import { describeCertificate } from '../identity/certificates.ts';
import type { SigningIdentity } from '../identity/signing-identity.ts';
import { describeRefusal } from './refusal-hints.ts';
import type { SessionCredentials } from './session-credentials.ts';
import type { SessionTarget } from './session-target.ts';

export interface TransportOptions {
  readonly noVerifySsl: boolean;
  readonly withProxy: boolean;
  /** Where proxy settings come from when `withProxy` is set. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userAgent: string;
  readonly debug?: ((message: string) => void) | undefined;
  /** Per attempt. */
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CreateSessionResult extends SessionCredentials {
  readonly roleArn: string | undefined;
  readonly assumedRoleArn: string | undefined;
  readonly subjectArn: string | undefined;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

export async function createSession(
  identity: SigningIdentity,
  target: SessionTarget,
  transport: TransportOptions,
): Promise<CreateSessionResult> {
  const attempts = transport.maxAttempts ?? 3;
  const sleep = transport.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const invocationId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptCreateSession(identity, target, transport, {
        invocationId,
        attempt: `attempt=${attempt}; max=${attempts}`,
      });
    } catch (error) {
      // The standard retry mode of the AWS SDKs: 3 attempts, exponential backoff with full jitter.
      if (!(error instanceof HelperError) || !error.transient || attempt >= attempts) throw error;
      const delay = Math.random() * Math.min(20_000, 100 * 2 ** attempt);
      transport.debug?.(`attempt ${attempt} failed (${error.message}); retrying in ${Math.round(delay)} ms`);
      await sleep(delay);
    }
  }
}

/**
 * The AWS SDKs' invocation headers, signed like the rest (the official helper sends them since
 * v1.5.0): every call and every retry is a request of its own, so the server's replay cache
 * never takes a retry — or two helpers started in the same second with the same RSA key, whose
 * PKCS#1 v1.5 signatures would otherwise be byte for byte the same — for a replay.
 */
interface Invocation {
  readonly invocationId: string;
  /** `attempt=N; max=M`. */
  readonly attempt: string;
}

async function attemptCreateSession(
  identity: SigningIdentity,
  target: SessionTarget,
  transport: TransportOptions,
  invocation: Invocation,
): Promise<CreateSessionResult> {
  const body = JSON.stringify({
    durationSeconds: target.durationSeconds,
    ...(target.roleSessionName === undefined ? {} : { roleSessionName: target.roleSessionName }),
  });
  const query = [
    ['profileArn', target.profileArn],
    ['roleArn', target.roleArn],
    ['trustAnchorArn', target.trustAnchorArn],
  ]
    .map(([name, value]) => `${name}=${rfc3986(value ?? '')}`)
    .join('&');
  const basePath = target.url.pathname.replace(/\/+$/, '');
  const path = `${basePath}/sessions`;
  const headers: Array<[string, string]> = [
    ['amz-sdk-invocation-id', invocation.invocationId],
    ['amz-sdk-request', invocation.attempt],
    ['Content-Type', 'application/json'],
    ['Host', target.url.host],
    ['X-Amz-X509', identity.certificate.toString('base64')],
  ];
  if (identity.chain.length > 0) {
    headers.push(['X-Amz-X509-Chain', identity.chain.map((c) => c.toString('base64')).join(',')]);
  }
  const plan = planX509Signing(
    {
      method: 'POST',
      rawPath: path,
      rawQuery: query,
      headers,
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    {
      algorithm: identity.algorithm,
      serialNumber: describeCertificate(identity.certificate, 'certificate').serialDecimal,
      region: target.region,
      now: (transport.now ?? Date.now)(),
    },
  );
  const signature = await identity.sign(Buffer.from(plan.stringToSign, 'utf8'), 'sha256');
  const signed = plan.finish(signature.toString('hex'));
  transport.debug?.(`canonical request:\n${signed.canonicalRequest}`);
  transport.debug?.(`string to sign:\n${signed.stringToSign}`);
  const url = new URL(`${path}?${query}`, target.url);
  transport.debug?.(`POST ${url.href}`);
  const response = await send(url, [...signed.headers, ['User-Agent', transport.userAgent]], body, transport);
  // The body carries the secret key and token: only the status goes to the debug log.
  transport.debug?.(`response ${response.status}`);
  if (response.status < 200 || response.status >= 300) throw refusal(url, response);
  return parseCredentials(response.body, url);
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

function send(
  url: URL,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string,
  transport: TransportOptions,
): Promise<RawResponse> {
  const https = url.protocol === 'https:';
  const proxyEnv = transport.withProxy ? { proxyEnv: { ...transport.env } } : {};
  const agent = https
    ? new HttpsAgent({ rejectUnauthorized: !transport.noVerifySsl, minVersion: 'TLSv1.2', ...proxyEnv })
    : new HttpAgent(proxyEnv);
  const outgoing: Record<string, string> = {};
  for (const [name, value] of headers) outgoing[name] = value;
  outgoing['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise<RawResponse>((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: outgoing,
      agent,
      timeout: transport.timeoutMs ?? 30_000,
    });
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${transport.timeoutMs ?? 30_000} ms`)),
    );
    request.on('error', (error) => {
      agent.destroy();
      const tls = /certificate|self[- ]signed|unable to verify|SSL|TLS/i.test(error.message);
      reject(
        new HelperError(
          `cannot reach ${url.origin} for CreateSession: ${error.message}` +
            (tls
              ? ' (the server certificate is not trusted: set NODE_EXTRA_CA_CERTS to its CA, or --no-verify-ssl for tests)'
              : ''),
          { transient: !tls, cause: error },
        ),
      );
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          response.destroy();
          agent.destroy();
          reject(new HelperError(`the CreateSession response from ${url.origin} is larger than 1 MiB`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        agent.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      response.on('error', (error) =>
        reject(
          new HelperError(`the CreateSession response broke off: ${error.message}`, { transient: true }),
        ),
      );
    });
    request.end(body);
  });
}

function refusal(url: URL, response: RawResponse): HelperError {
  let type = headerText(response.headers['x-amzn-errortype'])?.split(':')[0];
  let message: string | undefined;
  try {
    const json = JSON.parse(response.body) as Record<string, unknown>;
    message =
      typeof json.message === 'string'
        ? json.message
        : typeof json.Message === 'string'
          ? json.Message
          : undefined;
    if (type === undefined && typeof json.__type === 'string') type = json.__type.split('#').pop();
  } catch {
    message = response.body.slice(0, 200) || undefined;
  }
  const requestId =
    headerText(response.headers['x-amzn-requestid']) ?? headerText(response.headers['x-amz-request-id']);
  const throttled = response.status === 429 || /Throttl/i.test(type ?? '');
  return new HelperError(
    describeRefusal({ endpoint: url.origin, status: response.status, type, message, requestId }),
    { transient: response.status >= 500 || throttled },
  );
}

function parseCredentials(body: string, url: URL): CreateSessionResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new HelperError(`the CreateSession response from ${url.origin} is not JSON`);
  }
  const set = (json as { credentialSet?: unknown }).credentialSet;
  const first = Array.isArray(set) ? (set[0] as Record<string, unknown> | undefined) : undefined;
  const credentials = first?.credentials as Record<string, unknown> | undefined;
  const fields = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'] as const;
  if (
    credentials === undefined ||
    fields.some((f) => typeof credentials[f] !== 'string' || credentials[f] === '')
  ) {
    throw new HelperError('unable to obtain temporary security credentials from CreateSession');
  }
  const assumed = first?.assumedRoleUser as Record<string, unknown> | undefined;
  return {
    accessKeyId: credentials.accessKeyId as string,
    secretAccessKey: credentials.secretAccessKey as string,
    sessionToken: credentials.sessionToken as string,
    expiration: credentials.expiration as string,
    roleArn: typeof first?.roleArn === 'string' ? first.roleArn : undefined,
    assumedRoleArn: typeof assumed?.arn === 'string' ? assumed.arn : undefined,
    subjectArn:
      typeof (json as { subjectArn?: unknown }).subjectArn === 'string'
        ? (json as { subjectArn: string }).subjectArn
        : undefined,
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** RFC 3986 unreserved characters stay; everything else is %XX (SigV4's canonical query rule). */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
