/**
 * The CreateSession request, from where real clients put it (protocol notes §2.2): the official
 * helper sends the three ARNs in the query string and `durationSeconds` (and `roleSessionName`)
 * in a JSON body; AWS's Python client and the documentation put everything in the body. Both are
 * accepted; an ARN given in both places must be the same.
 */
import { validationError } from '../errors.ts';

export interface CreateSessionRequest {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
  readonly instanceProperties?: Readonly<Record<string, string>>;
}

const MAX_ARN_LENGTH = 1011;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MAX_INSTANCE_PROPERTIES = 50;

export function readCreateSessionRequest(
  query: ReadonlyMap<string, readonly string[]>,
  body: Readonly<Record<string, unknown>>,
): CreateSessionRequest {
  const arn = (name: 'trustAnchorArn' | 'profileArn' | 'roleArn'): string => {
    const fromQuery = query.get(name);
    if (fromQuery !== undefined && fromQuery.length > 1)
      throw validationError(`${name} is given more than once`);
    const fromBody = body[name];
    if (fromBody !== undefined && typeof fromBody !== 'string')
      throw validationError(`${name} must be a string`);
    const queryValue = fromQuery?.[0];
    if (queryValue !== undefined && fromBody !== undefined && queryValue !== fromBody) {
      throw validationError(`${name} is given in the query string and in the body with different values`);
    }
    const value = queryValue ?? fromBody;
    if (value === undefined || value === '') throw validationError(`${name} is required`);
    if (value.length > MAX_ARN_LENGTH)
      throw validationError(`${name} is longer than ${MAX_ARN_LENGTH} characters`);
    return value;
  };
  const request: CreateSessionRequest = {
    trustAnchorArn: arn('trustAnchorArn'),
    profileArn: arn('profileArn'),
    roleArn: arn('roleArn'),
    ...durationOf(body.durationSeconds),
    ...sessionNameOf(body.roleSessionName),
    ...instancePropertiesOf(body.instanceProperties),
  };
  return request;
}

function durationOf(value: unknown): { durationSeconds?: number } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 900 || value > 43200) {
    throw validationError('durationSeconds must be an integer from 900 to 43200');
  }
  return { durationSeconds: value };
}

function sessionNameOf(value: unknown): { roleSessionName?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string' || !SESSION_NAME.test(value)) {
    throw validationError('roleSessionName must be 2 to 64 characters of letters, digits and +=,.@_-');
  }
  return { roleSessionName: value };
}

function instancePropertiesOf(value: unknown): { instanceProperties?: Record<string, string> } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw validationError('instanceProperties must be an object');
  const entries = Object.entries(value);
  if (entries.length > MAX_INSTANCE_PROPERTIES) {
    throw validationError(`instanceProperties may have at most ${MAX_INSTANCE_PROPERTIES} entries`);
  }
  for (const [key, v] of entries) {
    if (key.length < 1 || key.length > 200 || typeof v !== 'string' || v.length < 1 || v.length > 200) {
      throw validationError('instanceProperties keys and values must be strings of 1 to 200 characters');
    }
  }
  return { instanceProperties: Object.fromEntries(entries) as Record<string, string> };
}
