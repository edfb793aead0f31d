/**
 * `POST /authorize`: the authorisation endpoint for resource servers (an internal HTTP service,
 * a gateway in front of an S3-compatible store). The resource server forwards the parts of a
 * request its client signed with Anchorage credentials, names the action and resource the request
 * asks for, and gets Anchorage's decision:
 *
 *   { "decision": "Allow" | "Deny", "principal": {...}, "reason": "...",
 *     "matchedStatements": [...], "missingContextKeys": [...], "error"?: {code, message} }
 *
 * Steps: authenticate the resource server itself (SigV4, service `anchorage`) → authorise it for
 * `anchorage:Authorize` → read the question → verify the forwarded signature (S3's canonical
 * rules for service `s3`) → evaluate the signer's policies for the action and resource.
 * A forwarded request that fails verification is a Deny carrying the error its client should see.
 */
import { isPlainObject } from '@anchorage/core/api-model/validate-input';
import { isAnchorageError, validationError } from '@anchorage/core/errors';
import type { RequestContext } from '@anchorage/core/policy/types';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { assumedRoleUserId } from '@anchorage/core/sts/session-claims';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { Caller } from '../control-plane/context.ts';
import { parseJsonObject } from './json-body.ts';

export interface AuthorizationQuestion {
  readonly request: SignedRequest;
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
}

/** The answer, as written on the wire (and read back for the audit record). */
export interface AuthorizationAnswer {
  readonly decision: 'Allow' | 'Deny';
  /** The signer of the forwarded request, once its signature verified. */
  readonly principal?: { readonly arn: string } & Record<string, unknown>;
  readonly reason: string;
  readonly matchedStatements?: readonly unknown[];
  readonly missingContextKeys?: readonly string[];
  /** Why the forwarded request itself was refused (its signature, its credentials). */
  readonly error?: { readonly code: string; readonly message: string };
}

const MAX_HEADERS = 200;

export async function answerAuthorization(
  deps: { authenticator: Authenticator; authorizer: Authorizer },
  question: AuthorizationQuestion,
  now: number,
): Promise<AuthorizationAnswer> {
  let subject: Caller;
  try {
    subject = await deps.authenticator.verify(
      question.request,
      {
        service: question.service,
        region: question.region,
        // S3 signs the path as sent: no normalisation, single encoding (SigV4, S3 exceptions).
        ...(question.service === 's3' ? { uri: { normalizePath: false, doubleEncode: false } } : {}),
      },
      now,
    );
  } catch (error) {
    if (!isAnchorageError(error) || error.fault === 'server') throw error;
    return { decision: 'Deny', reason: error.reason, error: { code: error.code, message: error.message } };
  }
  const sourceIp = question.context['aws:SourceIp'];
  const secure = question.context['aws:SecureTransport'];
  const result = await deps.authorizer.decide(
    subject,
    question.action,
    question.resource,
    {
      now,
      ...(typeof sourceIp === 'string' ? { sourceIp } : {}),
      ...(typeof secure === 'string' ? { secureTransport: secure === 'true' } : {}),
    },
    question.context,
  );
  return {
    decision: result.allowed ? 'Allow' : 'Deny',
    principal: principalOf(subject),
    reason: result.reason,
    matchedStatements: result.decision?.matchedStatements ?? [],
    missingContextKeys: result.decision?.missingContextKeys ?? [],
  };
}

function principalOf(caller: Caller): { readonly arn: string } & Record<string, unknown> {
  const { session } = caller;
  if (session === undefined) {
    const accountId = /:iam::(\d{12}):/.exec(caller.principalArn)?.[1] ?? '';
    return { arn: caller.principalArn, accountId, userId: accountId, type: 'Account' };
  }
  return {
    arn: caller.principalArn,
    accountId: session.accountId,
    userId: assumedRoleUserId(session),
    type: 'AssumedRole',
    roleArn: session.roleArn,
    sourceIdentity: session.sourceIdentity,
    tags: session.tags,
  };
}

/** Reads and checks the question: every member present and of its type; nothing else is trusted. */
export function readQuestion(body: Buffer): AuthorizationQuestion {
  const json = parseJsonObject(body);
  const text = (value: unknown, name: string, max = 4096): string => {
    if (typeof value !== 'string' || value.length > max)
      throw validationError(`${name} must be a string of at most ${max} characters`);
    return value;
  };
  const request = json.request;
  if (!isPlainObject(request)) throw validationError('request must be an object');
  const headers = request.headers;
  if (!Array.isArray(headers) || headers.length > MAX_HEADERS) {
    throw validationError(`request.headers must be a list of at most ${MAX_HEADERS} [name, value] pairs`);
  }
  const pairs = headers.map((pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw validationError(`request.headers.${i + 1} must be a [name, value] pair`);
    return [
      text(pair[0], `request.headers.${i + 1} name`, 256),
      text(pair[1], `request.headers.${i + 1} value`, 16384),
    ] as const;
  });
  const payloadHash = text(request.payloadHash, 'request.payloadHash', 64);
  if (!/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== 'UNSIGNED-PAYLOAD') {
    throw validationError('request.payloadHash must be a lower-case hex SHA-256 or UNSIGNED-PAYLOAD');
  }
  const context = json.context ?? {};
  if (!isPlainObject(context)) throw validationError('context must be an object of condition keys');
  const checkedContext: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') checkedContext[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      checkedContext[key] = value as string[];
    else throw validationError(`context.${key} must be a string or a list of strings`);
  }
  return {
    request: {
      method: text(request.method, 'request.method', 16),
      rawPath: text(request.path, 'request.path', 8192),
      rawQuery: text(request.query ?? '', 'request.query', 8192),
      headers: pairs,
      payloadSha256Hex: payloadHash,
    },
    service: text(json.service, 'service', 64),
    region: text(json.region, 'region', 64),
    action: text(json.action, 'action', 256),
    resource: text(json.resource, 'resource', 2048),
    context: checkedContext,
  };
}
