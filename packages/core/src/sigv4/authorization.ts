/**
 * Parsing of the SigV4 `Authorization` header (AWS SigV4 "Add the signature to the request";
 * protocol notes §2.4 step 7):
 *
 *   <Algorithm> Credential=<id>/<date>/<region>/<service>/aws4_request, SignedHeaders=<h1;h2>, Signature=<hex>
 *
 * Real clients separate the parameters with `, ` or `,`; both are accepted, in any order. Every
 * defect is an `IncompleteSignatureException` with AWS's wording; nothing of the header value is
 * echoed. The length cap runs before anything else.
 */
import {
  HMAC_ALGORITHM,
  isPlausibleSignatureLength,
  isSigV4Algorithm,
  isX509Algorithm,
  type SigV4Algorithm,
} from './algorithms.ts';
import type { Credential } from './credential-scope.ts';
import { MAX_AUTHORIZATION_LENGTH, MAX_SIGNED_HEADERS } from './limits.ts';
import { incompleteSignature } from './sigv4-errors.ts';

export interface ParsedAuthorization {
  readonly algorithm: SigV4Algorithm;
  readonly credential: Credential;
  /** Lower-case, sorted, unique. */
  readonly signedHeaders: readonly string[];
  /** Lower-case hex. */
  readonly signature: string;
}

const PARAMETERS = ['Credential', 'SignedHeaders', 'Signature'] as const;
type ParameterName = (typeof PARAMETERS)[number];

function isParameterName(name: string): name is ParameterName {
  return (PARAMETERS as readonly string[]).includes(name);
}

/** Printable ASCII without space: what an element of the credential may contain. */
const CREDENTIAL_ELEMENT = /^[\x21-\x7e]+$/;
/** A decimal certificate serial: at most 20 octets (RFC 5280 §4.1.2.2), i.e. 49 digits. */
const DECIMAL_SERIAL = /^[0-9]{1,49}$/;
/** An access key id: AWS's are 16..128 word characters; ours follow the same shape. */
const ACCESS_KEY_ID = /^[A-Za-z0-9_]{1,128}$/;
/** An RFC 9110 §5.6.2 token in lower case. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const LOWER_HEX = /^[0-9a-f]+$/;

export function parseAuthorization(value: string): ParsedAuthorization {
  if (value.length > MAX_AUTHORIZATION_LENGTH) {
    throw incompleteSignature(
      'Authorization header is too long.',
      `Authorization header is ${value.length} characters, limit ${MAX_AUTHORIZATION_LENGTH}`,
    );
  }
  const trimmed = value.trim();
  const space = trimmed.search(/[ \t]/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  if (!isSigV4Algorithm(algorithm)) {
    const shown = /^[A-Za-z0-9-]{1,64}$/.test(algorithm) ? algorithm : '';
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${shown}'.`,
      `Authorization algorithm '${algorithm.slice(0, 64)}' is not supported`,
    );
  }
  const parameters = parseParameters(space === -1 ? '' : trimmed.slice(space + 1));
  return parseAuthorizationParts({
    algorithm,
    credential: parameters.Credential,
    signedHeaders: parameters.SignedHeaders,
    signature: parameters.Signature,
  });
}

/** The four parts, however they travelled (header, or presigned query parameters). */
export interface AuthorizationParts {
  readonly algorithm: SigV4Algorithm;
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

export function parseAuthorizationParts(parts: AuthorizationParts): ParsedAuthorization {
  return {
    algorithm: parts.algorithm,
    credential: parseCredential(parts.algorithm, parts.credential),
    signedHeaders: parseSignedHeaders(parts.signedHeaders),
    signature: parseSignature(parts.algorithm, parts.signature),
  };
}

function parseParameters(text: string): Record<ParameterName, string> {
  const found = new Map<ParameterName, string>();
  const pieces = text.trim() === '' ? [] : text.split(',');
  for (const piece of pieces) {
    const part = piece.trim();
    const equals = part.indexOf('=');
    if (equals <= 0) {
      throw incompleteSignature(
        'Authorization header contains a parameter that is not a valid key=value pair (missing equal-sign).',
        'Authorization parameter without key=value shape',
      );
    }
    const name = part.slice(0, equals);
    if (!isParameterName(name)) {
      throw incompleteSignature(
        'Authorization header contains an unknown parameter.',
        `unknown Authorization parameter '${name.slice(0, 32)}'`,
      );
    }
    if (found.has(name)) {
      throw incompleteSignature(
        `Authorization header contains parameter '${name}' more than once.`,
        `Authorization parameter ${name} repeated`,
      );
    }
    found.set(name, part.slice(equals + 1));
  }
  const missing = PARAMETERS.filter((name) => !found.get(name));
  if (missing.length > 0) {
    throw incompleteSignature(
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
      `Authorization header lacks ${missing.join(', ')}`,
    );
  }
  return {
    Credential: found.get('Credential') ?? '',
    SignedHeaders: found.get('SignedHeaders') ?? '',
    Signature: found.get('Signature') ?? '',
  };
}

function parseCredential(algorithm: SigV4Algorithm, text: string): Credential {
  const elements = text.split('/');
  const [id, date, region, service, terminator] = elements;
  if (
    elements.length !== 5 ||
    id === undefined ||
    date === undefined ||
    region === undefined ||
    service === undefined ||
    terminator === undefined ||
    !elements.every((element) => CREDENTIAL_ELEMENT.test(element))
  ) {
    throw incompleteSignature(
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.',
      `Credential has ${elements.length} elements or an empty/unprintable one`,
    );
  }
  // SigV4-X509 puts the certificate serial in decimal where SigV4 has the access key id
  // (protocol notes §2.4 step 7).
  const idShape = isX509Algorithm(algorithm) ? DECIMAL_SERIAL : ACCESS_KEY_ID;
  if (!idShape.test(id)) {
    throw incompleteSignature(
      algorithm === HMAC_ALGORITHM
        ? 'Credential must start with a valid access key id.'
        : 'Credential must start with the decimal serial number of the certificate.',
      'Credential id has an invalid shape',
    );
  }
  return { id, date, region, service, terminator };
}

function parseSignedHeaders(text: string): string[] {
  const names = text.split(';');
  if (names.length > MAX_SIGNED_HEADERS) {
    throw incompleteSignature(
      `SignedHeaders may name at most ${MAX_SIGNED_HEADERS} headers.`,
      `SignedHeaders names ${names.length} headers`,
    );
  }
  for (const [i, name] of names.entries()) {
    const previous = names[i - 1];
    // Sorted and unique (AWS SigV4 step 5: "sorted ... lowercase"); refusing other orders keeps
    // one canonical form per request instead of re-sorting what the client claimed to sign.
    if (!HEADER_NAME.test(name) || (previous !== undefined && previous >= name)) {
      throw incompleteSignature(
        "SignedHeaders must be lower-case header names, sorted, unique and separated by ';'.",
        'SignedHeaders not lower-case, sorted and unique',
      );
    }
  }
  return names;
}

function parseSignature(algorithm: SigV4Algorithm, text: string): string {
  if (!LOWER_HEX.test(text) || !isPlausibleSignatureLength(algorithm, text.length)) {
    throw incompleteSignature(
      `Signature must be lower-case hexadecimal of the length that '${algorithm}' produces.`,
      `Signature of ${text.length} characters is not lower-case hex of a plausible length`,
    );
  }
  return text;
}
