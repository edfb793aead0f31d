/**
 * Fuzzing of the SigV4 canonicaliser and verifiers (fast-check), with the AWS SDK for
 * JavaScript's own signer (@aws-sdk/signature-v4) as the oracle: for random methods, paths
 * (unicode, dot segments, empty segments, percent escapes in either case, sub-delimiters), query
 * strings (repeated keys, empty values, reserved and non-ASCII characters, escaped in several
 * equivalent ways) and headers (any case, whitespace runs, repeated values), our canonical
 * request equals the SDK's and our verifier accepts the SDK's signature; any change to a signed
 * part of the request is refused with a SigV4 error; garbage authentication is refused, never
 * thrown as anything else. The same mutations are refused by the SigV4-X509 (CreateSession)
 * signature check.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import { AnchorageError, type ErrorCode } from '@anchorage/core/errors';
import { parseAuthorization } from '@anchorage/core/sigv4/authorization';
import { buildCanonicalRequest } from '@anchorage/core/sigv4/canonical-request';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import type { HeaderPairs, SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { verifySigV4Request } from '@anchorage/core/sigv4/verify-hmac';
import { verifyX509RequestSignature } from '@anchorage/core/sigv4/verify-x509';
import { Hash } from '@aws-sdk/hash-node';
import { HttpRequest } from '@aws-sdk/protocol-http';
import { getCanonicalHeaders, SignatureV4 } from '@aws-sdk/signature-v4';
import fc from 'fast-check';
import { CaseCounter, parameters, SEED } from './support.ts';

const cases = new CaseCounter();
after(() => {
  console.log(`fuzz seed ${SEED}`);
  cases.report();
});

const CREDENTIALS = {
  accessKeyId: 'AKIAFUZZEXAMPLE00001',
  secretAccessKey: 'fuzz/secret+key/0123456789abcdefghijklmn',
};
const REGION = 'us-east-1';
const SERVICE = 'iam';
const SIGV4_CODES: readonly ErrorCode[] = [
  'IncompleteSignatureException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'UnrecognizedClientException',
];

const signer = new SignatureV4({
  credentials: CREDENTIALS,
  region: REGION,
  service: SERVICE,
  sha256: Hash.bind(null, 'sha256'),
});
/** The SDK's canonical-request builder is private in its types but is the thing under comparison. */
const sdkInternals = signer as unknown as {
  createCanonicalRequest(request: unknown, headers: Record<string, string>, payloadHash: string): string;
};

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The SDK's escaping (encodeURIComponent plus `!'()*`), which is SigV4's UriEncode for valid Unicode. */
const escapeUri = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Equivalent wire spellings of one value: the SDK's, lower-case hex, or every byte escaped. */
function wireEncode(text: string, style: number): string {
  if (style === 1) return escapeUri(text).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  if (style === 2)
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return escapeUri(text);
}

// --- Request generator -----------------------------------------------------------------------

interface Fuzzed {
  readonly method: string;
  /** The path as on the wire (what the SDK's `HttpRequest.path` holds after serialisation). */
  readonly path: string;
  readonly query: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly style: number;
    readonly bare: boolean;
  }>;
  /** Header name (as sent, any case) → its values in order. */
  readonly headers: ReadonlyArray<{ readonly name: string; readonly values: readonly string[] }>;
  readonly body: string;
  readonly date: Date;
}

const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: fc.constantFrom(...'aZ09-._~ !"#$%&\'()*+,/:;<=>?@[\\]^`{|}é€😀\u0000'), maxLength }),
  );

/**
 * Path segments as SDK serialisers put them on the wire: escaped text, dot and empty segments,
 * raw sub-delimiters, percent escapes (valid in either case, or broken). `!'()*` are left out raw:
 * SDK 3.329 signs them unescaped (encodeURIComponent) where SigV4's UriEncode escapes them; its
 * own serialisers never send them raw.
 */
const segment = fc.oneof(
  text(12).map(escapeUri),
  fc.constantFrom('.', '..', '', '%2e%2E', '%2F', '%', '%G1', '%zz'),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019-._~:@$&=+,;'), minLength: 1, maxLength: 8 }),
  fc
    .tuple(fc.constantFrom(...'0123456789abcdefABCDEF'), fc.constantFrom(...'0123456789abcdefABCDEF'))
    .map(([h, l]) => `%${h}${l}`),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).filter((s) => !/[/?#!'()*]/.test(s)),
);

/** Header names that the signer or the verifier treat specially are set by the test itself. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'host',
  'x-amz-date',
  'date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);
const headerName = fc
  .oneof(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/),
    fc.constantFrom('content-type', 'x-amz-target', 'x-amz-meta-a', 'user-agent', 'expect'),
  )
  .filter((name) => !RESERVED_HEADERS.has(name));
/** Visible ASCII with runs of spaces and tabs: what an HTTP/1.1 header value can carry through Node. */
const headerValue = fc.string({ unit: fc.constantFrom(...'ab Z9,;=" \t\t  /:'), maxLength: 20 });

const requestArbitrary: fc.Arbitrary<Fuzzed> = fc.record({
  method: fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    fc.stringMatching(/^[A-Z]{1,10}$/),
  ),
  path: fc
    .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean())
    .map(([segments, trailing]) => `/${segments.join('/')}${trailing && segments.length > 0 ? '/' : ''}`),
  query: fc.array(
    fc.record({
      // Mostly keys the SDK sorts as SigV4 does, so that most cases compare whole signatures.
      key: fc.oneof(
        { arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), weight: 3 },
        { arbitrary: text(8).filter((k) => k !== ''), weight: 1 },
      ),
      value: fc.oneof(fc.constant(''), text(12)),
      style: fc.integer({ min: 0, max: 2 }),
      bare: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
  headers: fc.uniqueArray(
    fc.record({
      name: fc
        .tuple(headerName, fc.array(fc.boolean(), { maxLength: 16 }))
        .map(([name, upper]) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
      values: fc.oneof(
        headerValue.map((v) => [v]),
        // Repeated occurrences: each trimmed, as a client sends them (SigV4 joins with ',').
        fc.array(
          headerValue.map((v) => v.replace(/^[ \t]+|[ \t]+$/g, '')),
          { minLength: 2, maxLength: 3 },
        ),
      ),
    }),
    { maxLength: 5, selector: (h) => h.name.toLowerCase() },
  ),
  body: text(40),
  date: fc.date({
    min: new Date('2001-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
});

// --- Signing with the SDK, and our view of the same request ----------------------------------

interface Signed {
  readonly ours: SignedRequest;
  readonly sdkCanonical: string;
  readonly sdkAuthorization: string;
  readonly now: number;
}

function wireQuery(query: Fuzzed['query']): string {
  return query
    .map(({ key, value, style, bare }) =>
      bare && value === '' ? wireEncode(key, style) : `${wireEncode(key, style)}=${wireEncode(value, style)}`,
    )
    .join('&');
}

async function signWithSdk(request: Fuzzed): Promise<Signed> {
  // A Map, then own properties: keys such as `__proto__` or `valueOf` are plain keys here.
  const grouped = new Map<string, string[]>();
  for (const { key, value } of request.query) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const query = Object.fromEntries(
    [...grouped].map(([key, values]) => [key, values.length === 1 ? (values[0] as string) : values]),
  );
  const http = new HttpRequest({
    method: request.method,
    protocol: 'https:',
    hostname: 'fuzz.example.com',
    path: request.path,
    query,
    headers: {
      host: 'fuzz.example.com',
      ...Object.fromEntries(request.headers.map(({ name, values }) => [name, values.join(',')])),
    },
    body: request.body,
  });
  const signed = await signer.sign(http, { signingDate: request.date });
  const payload = sha256Hex(request.body);
  const sdkCanonical = sdkInternals.createCanonicalRequest(signed, getCanonicalHeaders(signed), payload);
  const headers: Array<readonly [string, string]> = [['Host', 'fuzz.example.com']];
  for (const { name, values } of request.headers) for (const value of values) headers.push([name, value]);
  for (const name of ['x-amz-date', 'x-amz-content-sha256', 'authorization']) {
    headers.push([name, String(signed.headers[name])]);
  }
  return {
    ours: {
      method: request.method,
      rawPath: request.path,
      rawQuery: wireQuery(request.query),
      headers,
      payloadSha256Hex: payload,
    },
    sdkCanonical,
    sdkAuthorization: String(signed.headers.authorization),
    now: request.date.getTime(),
  };
}

/** SigV4 sorts query pairs by encoded name, then encoded value (byte order). */
function sortPairs(line: string): string {
  if (line === '') return line;
  const key = (pair: string) => pair.split('=') as [string, string];
  return line
    .split('&')
    .sort((a, b) => {
      const [an, av] = key(a);
      const [bn, bv] = key(b);
      return an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0;
    })
    .join('&');
}

const verify = (request: SignedRequest, now: number) =>
  verifySigV4Request(request, {
    now,
    region: REGION,
    service: SERVICE,
    lookupCredential: async (id) =>
      id === CREDENTIALS.accessKeyId ? { secretAccessKey: CREDENTIALS.secretAccessKey } : undefined,
  });

function signedHeadersOf(authorization: string): string[] {
  return parseAuthorization(authorization).signedHeaders as string[];
}

// --- Mutations of signed parts ---------------------------------------------------------------

type Mutation =
  | 'method'
  | 'path'
  | 'query-add'
  | 'query-remove'
  | 'query-value'
  | 'header-value'
  | 'header-remove'
  | 'header-repeat'
  | 'body'
  | 'date'
  | 'signature'
  | 'scope'
  | 'signed-headers';

const MUTATIONS: readonly Mutation[] = [
  'method',
  'path',
  'query-add',
  'query-remove',
  'query-value',
  'header-value',
  'header-remove',
  'header-repeat',
  'body',
  'date',
  'signature',
  'scope',
  'signed-headers',
];

function replaceHeader(headers: HeaderPairs, name: string, change: (value: string) => string): HeaderPairs {
  return headers.map(([n, v]) => (n.toLowerCase() === name ? ([n, change(v)] as const) : ([n, v] as const)));
}

/** One change to what the signature covers; null when the request has nothing of that kind to change. */
function mutate(request: SignedRequest, mutation: Mutation, pick: number): SignedRequest | null {
  const signedNames = signedHeadersOf(request.headers.find(([n]) => n === 'authorization')?.[1] ?? '');
  const at = <T>(items: readonly T[]): T | undefined => items[pick % Math.max(1, items.length)];
  const pieces = request.rawQuery === '' ? [] : request.rawQuery.split('&');
  const auth = (change: (value: string) => string) => ({
    ...request,
    headers: replaceHeader(request.headers, 'authorization', change),
  });
  switch (mutation) {
    case 'method':
      return { ...request, method: request.method === 'POST' ? 'PUT' : 'POST' };
    case 'path':
      return { ...request, rawPath: `${request.rawPath}${request.rawPath.endsWith('/') ? '' : '/'}zz` };
    case 'query-add':
      return { ...request, rawQuery: [...pieces, 'zz-added=1'].join('&') };
    case 'query-remove': {
      if (pieces.length === 0) return null;
      const drop = pick % pieces.length;
      return { ...request, rawQuery: pieces.filter((_, i) => i !== drop).join('&') };
    }
    case 'query-value': {
      if (pieces.length === 0) return null;
      const change = pick % pieces.length;
      return {
        ...request,
        rawQuery: pieces.map((p, i) => (i === change ? `${p}${p.includes('=') ? '' : '='}x` : p)).join('&'),
      };
    }
    case 'header-value': {
      const name = at(signedNames);
      if (name === undefined) return null;
      return {
        ...request,
        headers: replaceHeader(request.headers, name, (v) =>
          name === 'x-amz-date' ? v.replace(/Z$/, '9Z') : `${v}!`,
        ),
      };
    }
    case 'header-remove': {
      const name = at(signedNames);
      if (name === undefined) return null;
      return { ...request, headers: request.headers.filter(([n]) => n.toLowerCase() !== name) };
    }
    case 'header-repeat': {
      const name = at(signedNames.filter((n) => n !== 'host'));
      if (name === undefined) return null;
      return { ...request, headers: [...request.headers, [name, 'again']] };
    }
    case 'body':
      return { ...request, payloadSha256Hex: sha256Hex(`${pick}`) };
    case 'date':
      return {
        ...request,
        headers: replaceHeader(request.headers, 'x-amz-date', (v) => {
          const ms = Date.parse(
            `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`,
          );
          return new Date(ms + 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
        }),
      };
    case 'signature':
      return auth((v) => {
        const where = v.length - 1 - (pick % 64);
        const digit = v.charAt(where);
        return `${v.slice(0, where)}${digit === '0' ? '1' : '0'}${v.slice(where + 1)}`;
      });
    case 'scope':
      return auth((v) => v.replace(`/${REGION}/`, '/eu-west-1/'));
    case 'signed-headers': {
      if (signedNames.length < 2) return null;
      const drop = pick % signedNames.length;
      return auth((v) =>
        v.replace(
          /SignedHeaders=[^,]+/,
          `SignedHeaders=${signedNames.filter((_, i) => i !== drop).join(';')}`,
        ),
      );
    }
  }
}

async function refused(run: Promise<unknown> | (() => unknown), label: string): Promise<ErrorCode> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    assert.ok(error instanceof AnchorageError, `${label}: threw ${String(error)}`);
    assert.ok(SIGV4_CODES.includes(error.code), `${label}: ${error.code} ${error.message}`);
    return error.code;
  }
  assert.fail(`${label}: accepted`);
}

// --- Properties ------------------------------------------------------------------------------

test("ok/fuzz: our canonical request equals the AWS SDK signer's, and we accept its signature", async () => {
  let deviations = 0;
  await fc.assert(
    fc.asyncProperty(
      requestArbitrary,
      cases.count('sigv4-oracle', async (request: Fuzzed) => {
        const signed = await signWithSdk(request);
        const ours = buildCanonicalRequest(signed.ours, signedHeadersOf(signed.sdkAuthorization));
        const [oursMethod, oursPath, oursQuery, ...oursRest] = ours.split('\n');
        const [sdkMethod, sdkPath, sdkQuery = '', ...sdkRest] = signed.sdkCanonical.split('\n');
        assert.equal(oursMethod, sdkMethod);
        assert.equal(oursPath, sdkPath, `path ${JSON.stringify(request.path)}`);
        assert.deepEqual(oursRest, sdkRest, 'headers, signed headers and payload hash');
        // SDK 3.329 sorts query keys as decoded JavaScript strings, SigV4 (and we) by their
        // encodings; the pairs must be the same, and in the same order whenever the two sorts agree.
        assert.equal(oursQuery, sortPairs(sdkQuery), `query ${JSON.stringify(signed.ours.rawQuery)}`);
        if (sdkQuery !== sortPairs(sdkQuery)) {
          deviations += 1;
          return;
        }
        assert.equal(ours, signed.sdkCanonical);
        const verified = await verify(signed.ours, signed.now);
        assert.equal(verified.accessKeyId, CREDENTIALS.accessKeyId);
      }),
    ),
    parameters(2500, [
      [
        {
          method: 'GET',
          path: '/a/./b/../%2e%2E//c%7e/',
          query: [
            { key: 'b', value: '', style: 0, bare: true },
            { key: 'a', value: 'x y+z', style: 2, bare: false },
            { key: 'a', value: '', style: 1, bare: false },
          ],
          headers: [
            { name: 'X-Amz-Meta-A', values: ['  a \t  b  '] },
            { name: 'x-multi', values: ['1', 'two  words'] },
          ],
          body: 'é',
          date: new Date('2020-02-29T12:00:00Z'),
        },
      ],
    ]),
  );
  cases.add('sigv4-oracle-sdk-sort-deviations', deviations);
});

test('fail/fuzz: any change to a signed part of an SDK-signed request is refused with a SigV4 error', async () => {
  await fc.assert(
    fc.asyncProperty(
      requestArbitrary,
      fc.constantFrom(...MUTATIONS),
      fc.nat(),
      cases.count('sigv4-mutations', async (request: Fuzzed, mutation: Mutation, pick: number) => {
        const signed = await signWithSdk(request);
        const changed = mutate(signed.ours, mutation, pick);
        if (changed === null) return;
        await refused(verify(changed, signed.now), mutation);
      }),
    ),
    parameters(2500),
  );
});

test('fail/fuzz: garbage in Authorization, X-Amz-Date and presigned query parameters is refused with a SigV4 error', async () => {
  const piece = fc.oneof(
    fc.constantFrom(
      'AWS4-HMAC-SHA256',
      'AWS4-X509-ECDSA-SHA256',
      ' ',
      ',',
      ', ',
      'Credential=',
      `${CREDENTIALS.accessKeyId}/20200101/${REGION}/${SERVICE}/aws4_request`,
      '/',
      'SignedHeaders=',
      'host;x-amz-date',
      'Signature=',
      'a'.repeat(64),
      '=',
      ';',
      '\t',
      'é',
    ),
    fc.string({ maxLength: 10 }),
  );
  const garbage = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
  await fc.assert(
    fc.asyncProperty(
      garbage,
      fc.oneof(fc.constant('20200101T000000Z'), fc.string({ maxLength: 20 })),
      fc.oneof(
        fc.constant(''),
        fc
          .array(
            fc.tuple(
              fc.constantFrom(
                'X-Amz-Algorithm',
                'X-Amz-Credential',
                'X-Amz-Date',
                'X-Amz-Expires',
                'X-Amz-SignedHeaders',
                'X-Amz-Signature',
                'X-Amz-Security-Token',
              ),
              garbage,
            ),
          )
          .map((pairs) => pairs.map(([k, v]) => `${k}=${escapeUri(v)}`).join('&')),
      ),
      cases.count('sigv4-garbage', async (authorization: string, date: string, rawQuery: string) => {
        const request: SignedRequest = {
          method: 'POST',
          rawPath: '/',
          rawQuery,
          headers: [
            ['Host', 'fuzz.example.com'],
            ['X-Amz-Date', date],
            ...(authorization === '' ? [] : [['Authorization', authorization] as const]),
          ],
          payloadSha256Hex: sha256Hex(''),
        };
        await refused(verify(request, Date.parse('2020-01-01T00:00:00Z')), 'garbage');
      }),
    ),
    parameters(5000),
  );
});

test('fail/fuzz: SigV4-X509 (CreateSession) accepts what it signed and refuses any change to a signed part', async () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await fc.assert(
    fc.asyncProperty(
      requestArbitrary,
      fc.constantFrom(...MUTATIONS.filter((m) => m !== 'path')),
      fc.nat(),
      cases.count('sigv4-x509-mutations', async (request: Fuzzed, mutation: Mutation, pick: number) => {
        const headers: Array<readonly [string, string]> = [['Host', 'fuzz.example.com']];
        for (const { name, values } of request.headers)
          for (const value of values) headers.push([name, value]);
        const unsigned: SignedRequest = {
          method: request.method,
          rawPath: request.path,
          rawQuery: wireQuery(request.query),
          headers,
          payloadSha256Hex: sha256Hex(request.body),
        };
        const now = request.date.getTime();
        const result = signX509(unsigned, {
          privateKey: key.privateKey,
          serialNumber: '1234567890',
          region: REGION,
          now,
        });
        // signX509 names its Authorization header with a capital; the mutations look for it in lower case.
        const signed: SignedRequest = {
          ...unsigned,
          headers: result.headers.map(
            ([n, v]) => [n.toLowerCase() === 'authorization' ? 'authorization' : n, v] as const,
          ),
        };
        const check = (r: SignedRequest) =>
          verifyX509RequestSignature(r, {
            authorization: parseAuthorization(result.authorization),
            publicKey: key.publicKey,
          });
        assert.equal(check(signed), true);
        const changed = mutate(signed, mutation, pick);
        if (changed === null) return;
        // The Authorization header as received is what the verifier parses.
        const received = changed.headers.find(([n]) => n === 'authorization')?.[1] ?? '';
        let accepted = false;
        try {
          accepted = verifyX509RequestSignature(changed, {
            authorization: parseAuthorization(received),
            publicKey: key.publicKey,
          });
        } catch (error) {
          assert.ok(
            error instanceof AnchorageError && SIGV4_CODES.includes(error.code),
            `${mutation}: threw ${String(error)}`,
          );
        }
        assert.equal(accepted, false, `${mutation} accepted`);
      }),
    ),
    parameters(1500),
  );
});
