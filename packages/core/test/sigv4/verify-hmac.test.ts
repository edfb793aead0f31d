/**
 * verifySigV4Request: one test per refusal, asserting the AWS error code, the wire status and
 * (where AWS's wording is known) the message; the order of the checks (nothing secret is looked
 * up for a request that is malformed, mis-scoped or stale); and the accepted variants (Date
 * header, session tokens, presigned URLs).
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { type SignRequestOptions, signRequest } from '@anchorage/core/sigv4/sign-request';
import type { HeaderPairs, SignedRequest } from '@anchorage/core/sigv4/signed-request';
import {
  type HmacCredential,
  type VerifySigV4Options,
  verifySigV4Request,
} from '@anchorage/core/sigv4/verify-hmac';
import { headerValue, rejectsWith, sha256Hex, withHeader, withoutHeader } from './support.ts';

const NOW = Date.UTC(2026, 0, 2, 0, 0, 0); // 20260102T000000Z
const KEY_ID = 'AKIAANCHORAGE0000001';
const SECRET = 'anchorage/secret+access/key0000000000000';
const TEMP_KEY_ID = 'ASIAANCHORAGE0000002';
const TOKEN = 'FwoGZXIvYXdzEXAMPLEtoken//+==';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const UNSIGNED: SignedRequest = {
  method: 'POST',
  rawPath: '/trustanchors',
  rawQuery: '',
  headers: [
    ['Host', '127.0.0.1:8080'],
    ['Content-Type', 'application/json'],
    ['User-Agent', 'aws-cli/2.0'],
  ],
  payloadSha256Hex: sha256Hex('{"name":"ta"}'),
};

function sign(overrides: Partial<SignRequestOptions> = {}, request: SignedRequest = UNSIGNED): SignedRequest {
  const signed = signRequest(request, {
    accessKeyId: KEY_ID,
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'rolesanywhere',
    now: NOW,
    ...overrides,
  });
  return { ...request, headers: signed.headers };
}

const CREDENTIALS: Record<string, HmacCredential> = {
  [KEY_ID]: { secretAccessKey: SECRET },
  [TEMP_KEY_ID]: { secretAccessKey: SECRET, sessionToken: TOKEN },
};

function options(
  overrides: Partial<VerifySigV4Options> = {},
): VerifySigV4Options & { readonly lookups: string[] } {
  const lookups: string[] = [];
  return {
    now: NOW,
    region: 'us-east-1',
    service: 'rolesanywhere',
    lookupCredential: async (id: string) => {
      lookups.push(id);
      return CREDENTIALS[id];
    },
    lookups,
    ...overrides,
  };
}

function withAuthorization(request: SignedRequest, edit: (value: string) => string): SignedRequest {
  const value = headerValue(request.headers, 'authorization') ?? '';
  return { ...request, headers: withHeader(request.headers, 'authorization', edit(value)) };
}

describe('verify-hmac/ok', () => {
  test('ok/a request signed by signRequest verifies, and the result names key, scope and signed headers', async () => {
    const result = await verifySigV4Request(sign(), options());
    assert.deepEqual(result, {
      accessKeyId: KEY_ID,
      credentialScope: '20260102/us-east-1/rolesanywhere/aws4_request',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      amzDate: '20260102T000000Z',
      presigned: false,
    });
  });

  test('ok/the Date header (IMF-fixdate) stands in for a missing X-Amz-Date', async () => {
    const dated = {
      ...UNSIGNED,
      headers: [...UNSIGNED.headers, ['Date', 'Fri, 02 Jan 2026 00:00:00 GMT'] as const],
    };
    const request = sign({ addDateHeader: false }, dated);
    assert.equal(headerValue(request.headers, 'x-amz-date'), undefined);
    const result = await verifySigV4Request(request, options());
    assert.equal(result.amzDate, '20260102T000000Z');
  });

  test('ok/temporary credentials with a signed X-Amz-Security-Token', async () => {
    const request = sign({ accessKeyId: TEMP_KEY_ID, sessionToken: TOKEN });
    const result = await verifySigV4Request(request, options());
    assert.ok(result.signedHeaders.includes('x-amz-security-token'));
  });

  test('ok/temporary credentials with the token added after signing (AWS suite post-sts-header-after)', async () => {
    const request = sign({ accessKeyId: TEMP_KEY_ID, sessionToken: TOKEN, signSessionToken: false });
    const result = await verifySigV4Request(request, options());
    assert.ok(!result.signedHeaders.includes('x-amz-security-token'));
  });

  test('ok/exactly 5 minutes of skew either way is accepted', async () => {
    await verifySigV4Request(sign(), options({ now: NOW + 5 * 60_000 }));
    await verifySigV4Request(sign(), options({ now: NOW - 5 * 60_000 }));
  });

  test('ok/an already-encoded path is verified double-encoded, as the SDKs sign it', async () => {
    const request = sign(
      {},
      { ...UNSIGNED, rawPath: '/tags/arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A0%3Aprofile%2Fx' },
    );
    await verifySigV4Request(request, options());
  });
});

describe('verify-hmac/fail: parsing (checked first, no credential lookup)', () => {
  test('fail/no Authorization header and no presigned query → MissingAuthenticationTokenException', async () => {
    const opts = options();
    await rejectsWith(
      verifySigV4Request(UNSIGNED, opts),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
    const empty = { ...UNSIGNED, headers: [...UNSIGNED.headers, ['Authorization', ''] as const] };
    await rejectsWith(verifySigV4Request(empty, opts), 'MissingAuthenticationTokenException');
    assert.deepEqual(opts.lookups, []);
  });

  test('fail/two Authorization headers → IncompleteSignatureException', async () => {
    const request = sign();
    const twice = {
      ...request,
      headers: [
        ...request.headers,
        ['authorization', headerValue(request.headers, 'authorization') ?? ''] as const,
      ],
    };
    await rejectsWith(verifySigV4Request(twice, options()), 'IncompleteSignatureException');
  });

  test('fail/Authorization without Credential and Signature → IncompleteSignatureException with AWS text', async () => {
    const request = withAuthorization(sign(), () => 'AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date');
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
    );
  });

  test('fail/credential scope of the wrong shape → IncompleteSignatureException', async () => {
    const request = withAuthorization(sign(), (v) => v.replace('/aws4_request', ''));
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      /5 slash-delimited elements/,
    );
  });

  test('fail/unsupported algorithm → IncompleteSignatureException', async () => {
    const request = withAuthorization(sign(), (v) => v.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'));
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'.",
    );
  });

  test('fail/a SigV4-X509 Authorization on an HMAC endpoint → IncompleteSignatureException', async () => {
    const request = withAuthorization(
      sign(),
      () =>
        `AWS4-X509-ECDSA-SHA256 Credential=21/20260102/us-east-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'30'.repeat(70)}`,
    );
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      /Unsupported AWS 'algorithm'/,
    );
  });

  test('fail/neither X-Amz-Date nor Date → IncompleteSignatureException', async () => {
    const signed = sign();
    const request = { ...signed, headers: withoutHeader(signed.headers, 'x-amz-date') };
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });

  test('fail/malformed X-Amz-Date, repeated X-Amz-Date, malformed Date → IncompleteSignatureException', async () => {
    const signed = sign();
    const malformed = {
      ...signed,
      headers: withHeader(signed.headers, 'x-amz-date', '2026-01-02T00:00:00Z'),
    };
    await rejectsWith(
      verifySigV4Request(malformed, options()),
      'IncompleteSignatureException',
      /ISO-8601 'basic format'/,
    );
    const repeated = { ...signed, headers: [...signed.headers, ['X-Amz-Date', '20260102T000000Z'] as const] };
    await rejectsWith(verifySigV4Request(repeated, options()), 'IncompleteSignatureException');
    const dated = {
      ...UNSIGNED,
      headers: [...UNSIGNED.headers, ['Date', 'Fri, 02 Jan 2026 00:00:00 GMT'] as const],
    };
    const withDate = sign({ addDateHeader: false }, dated);
    const badDate = {
      ...withDate,
      headers: withHeader(withDate.headers, 'date', 'Friday, 02-Jan-26 00:00:00 GMT'),
    };
    await rejectsWith(verifySigV4Request(badDate, options()), 'IncompleteSignatureException');
  });

  test('fail/host not among SignedHeaders → IncompleteSignatureException', async () => {
    const request = sign({ signedHeaders: ['content-type', 'x-amz-date'] });
    await rejectsWith(
      verifySigV4Request(request, options()),
      'IncompleteSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });
});

describe('verify-hmac/fail: credential scope (before skew and lookup)', () => {
  test('fail/another region → InvalidSignatureException', async () => {
    const request = sign({ region: 'eu-west-1' });
    const opts = options();
    await rejectsWith(
      verifySigV4Request(request, opts),
      'InvalidSignatureException',
      'Credential should be scoped to a valid region.',
    );
    assert.deepEqual(opts.lookups, []);
  });

  test('fail/another service → InvalidSignatureException', async () => {
    await rejectsWith(
      verifySigV4Request(sign({ service: 'iam' }), options()),
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'rolesanywhere'.",
    );
  });

  test('fail/another terminator → InvalidSignatureException', async () => {
    const request = withAuthorization(sign(), (v) => v.replace('aws4_request', 'aws5_request'));
    await rejectsWith(
      verifySigV4Request(request, options()),
      'InvalidSignatureException',
      /valid terminator: 'aws4_request'/,
    );
  });

  test('fail/scope date is not the date of X-Amz-Date → InvalidSignatureException', async () => {
    const request = withAuthorization(sign(), (v) => v.replace('/20260102/', '/20260101/'));
    await rejectsWith(
      verifySigV4Request(request, options()),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260101' != '20260102', from '20260102T000000Z'.",
    );
  });

  test('fail/a bad scope is reported before a stale date and before an unknown key', async () => {
    const request = withAuthorization(sign({ region: 'eu-west-1' }), (v) => v.replace(KEY_ID, 'AKIAUNKNOWN'));
    const opts = options({ now: NOW + 3_600_000 });
    await rejectsWith(verifySigV4Request(request, opts), 'InvalidSignatureException', /valid region/);
    assert.deepEqual(opts.lookups, []);
  });
});

describe('verify-hmac/fail: clock skew (before lookup)', () => {
  test('fail/more than 5 minutes old → InvalidSignatureException "Signature expired"', async () => {
    const opts = options({ now: NOW + 5 * 60_000 + 1000 });
    await rejectsWith(
      verifySigV4Request(sign(), opts),
      'InvalidSignatureException',
      'Signature expired: 20260102T000000Z is now earlier than 20260102T000001Z (20260102T000501Z - 5 min.)',
    );
    assert.deepEqual(opts.lookups, []);
  });

  test('fail/more than 5 minutes ahead → InvalidSignatureException "Signature not yet current"', async () => {
    await rejectsWith(
      verifySigV4Request(sign(), options({ now: NOW - 5 * 60_000 - 1000 })),
      'InvalidSignatureException',
      'Signature not yet current: 20260102T000000Z is still later than 20260101T235959Z (20260101T235459Z + 5 min.)',
    );
  });

  test('fail/the window is a parameter', async () => {
    await rejectsWith(
      verifySigV4Request(sign(), options({ now: NOW + 61_000, maxSkewMs: 60_000 })),
      'InvalidSignatureException',
      'Signature expired: 20260102T000000Z is now earlier than 20260102T000001Z (20260102T000101Z - 1 min.)',
    );
  });
});

describe('verify-hmac/fail: credential', () => {
  test('fail/unknown access key → UnrecognizedClientException', async () => {
    const request = withAuthorization(sign(), (v) => v.replace(KEY_ID, 'AKIAUNKNOWN000000000'));
    await rejectsWith(verifySigV4Request(request, options()), 'UnrecognizedClientException', INVALID_TOKEN);
  });

  test('fail/session token required but missing → UnrecognizedClientException', async () => {
    await rejectsWith(
      verifySigV4Request(sign({ accessKeyId: TEMP_KEY_ID }), options()),
      'UnrecognizedClientException',
      INVALID_TOKEN,
    );
  });

  test('fail/wrong session token → UnrecognizedClientException', async () => {
    const signed = sign({ accessKeyId: TEMP_KEY_ID, sessionToken: `${TOKEN}x` });
    await rejectsWith(verifySigV4Request(signed, options()), 'UnrecognizedClientException', INVALID_TOKEN);
    const late = sign({ accessKeyId: TEMP_KEY_ID, sessionToken: 'short', signSessionToken: false });
    await rejectsWith(verifySigV4Request(late, options()), 'UnrecognizedClientException', INVALID_TOKEN);
  });

  test('fail/a session token sent for a key that has none → UnrecognizedClientException', async () => {
    await rejectsWith(
      verifySigV4Request(sign({ sessionToken: TOKEN }), options()),
      'UnrecognizedClientException',
    );
  });
});

describe('verify-hmac/fail: signature', () => {
  test('fail/signed with another secret → InvalidSignatureException with AWS text', async () => {
    const request = sign({ secretAccessKey: 'not-the-secret' });
    await rejectsWith(verifySigV4Request(request, options()), 'InvalidSignatureException', MISMATCH);
  });

  test('fail/a signed header absent from the request → InvalidSignatureException', async () => {
    const signed = sign();
    const request = { ...signed, headers: withoutHeader(signed.headers, 'content-type') };
    await rejectsWith(verifySigV4Request(request, options()), 'InvalidSignatureException', MISMATCH);
  });

  test('fail/the reason carries hashes, never the secret or the token', async () => {
    const request = sign({ accessKeyId: TEMP_KEY_ID, sessionToken: TOKEN, secretAccessKey: 'wrong' });
    await assert.rejects(verifySigV4Request(request, options()), (error: unknown) => {
      const reason = error instanceof Error && 'reason' in error ? String(error.reason) : '';
      assert.match(reason, /canonical request sha256 [0-9a-f]{64}/);
      assert.ok(!reason.includes(TOKEN) && !reason.includes(SECRET));
      return true;
    });
  });

  test('fail/a lookup failure propagates unchanged (the edge maps it to InternalFailure)', async () => {
    const failure = new Error('store down');
    await assert.rejects(
      verifySigV4Request(sign(), options({ lookupCredential: () => Promise.reject(failure) })),
      (error) => error === failure,
    );
  });
});

describe('verify-hmac/presigned query', () => {
  // AWS S3 documentation, "Authenticating Requests: Using Query Parameters (AWS Signature
  // Version 4)", example presigned GET of examplebucket/test.txt. S3 rules: single encoding,
  // no normalisation, UNSIGNED-PAYLOAD.
  const S3_QUERY =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
  const S3_REQUEST: SignedRequest = {
    method: 'GET',
    rawPath: '/test.txt',
    rawQuery: S3_QUERY,
    headers: [['Host', 'examplebucket.s3.amazonaws.com']],
    payloadSha256Hex: 'UNSIGNED-PAYLOAD',
  };
  const s3Options = (now: number) =>
    options({
      now,
      service: 's3',
      uri: { normalizePath: false, doubleEncode: false },
      lookupCredential: async (id) =>
        id === 'AKIAIOSFODNN7EXAMPLE'
          ? { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
          : undefined,
    });

  test('ok/the AWS S3 documentation presigned URL verifies within its 24 hours', async () => {
    const result = await verifySigV4Request(S3_REQUEST, s3Options(Date.UTC(2013, 4, 24, 23, 0, 0)));
    assert.equal(result.presigned, true);
    assert.equal(result.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  });

  test('fail/the same URL after X-Amz-Expires → InvalidSignatureException', async () => {
    await rejectsWith(
      verifySigV4Request(S3_REQUEST, s3Options(Date.UTC(2013, 4, 25, 0, 0, 1))),
      'InvalidSignatureException',
      /^Signature expired: 20130524T000000Z/,
    );
  });

  test('fail/the same URL with one query character changed → InvalidSignatureException', async () => {
    const request = {
      ...S3_REQUEST,
      rawQuery: S3_QUERY.replace('X-Amz-Expires=86400', 'X-Amz-Expires=86401'),
    };
    await rejectsWith(
      verifySigV4Request(request, s3Options(Date.UTC(2013, 4, 24, 1))),
      'InvalidSignatureException',
      MISMATCH,
    );
  });

  test('ok/a presigned STS-style GET (token in the query) verifies; computed independently with node:crypto', async () => {
    const query = [
      'Action=GetCallerIdentity',
      'Version=2011-06-15',
      'X-Amz-Algorithm=AWS4-HMAC-SHA256',
      `X-Amz-Credential=${TEMP_KEY_ID}%2F20260102%2Fus-east-1%2Fsts%2Faws4_request`,
      'X-Amz-Date=20260102T000000Z',
      'X-Amz-Expires=60',
      `X-Amz-Security-Token=${encodeURIComponent(TOKEN)}`,
      'X-Amz-SignedHeaders=host',
    ].join('&');
    const canonicalRequest = `GET\n/\n${query}\nhost:sts.example\n\nhost\n${sha256Hex('')}`;
    const stringToSign = `AWS4-HMAC-SHA256\n20260102T000000Z\n20260102/us-east-1/sts/aws4_request\n${sha256Hex(canonicalRequest)}`;
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const kSigning = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, '20260102'), 'us-east-1'), 'sts'), 'aws4_request');
    const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
    const request: SignedRequest = {
      method: 'GET',
      rawPath: '/',
      rawQuery: `${query}&X-Amz-Signature=${signature}`,
      headers: [['Host', 'sts.example']],
      payloadSha256Hex: sha256Hex(''),
    };
    const result = await verifySigV4Request(request, options({ service: 'sts', now: NOW + 30_000 }));
    assert.equal(result.presigned, true);
    await rejectsWith(
      verifySigV4Request(request, options({ service: 'sts', now: NOW + 61_000 })),
      'InvalidSignatureException',
    );
  });

  test('fail/presigned query lacking X-Amz-Signature → IncompleteSignatureException', async () => {
    const request = { ...S3_REQUEST, rawQuery: S3_QUERY.replace(/&X-Amz-Signature=[0-9a-f]+/, '') };
    await rejectsWith(
      verifySigV4Request(request, s3Options(Date.UTC(2013, 4, 24, 1))),
      'IncompleteSignatureException',
      /must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'/,
    );
  });

  test('fail/X-Amz-Expires over one week, or repeated parameters → IncompleteSignatureException', async () => {
    const long = { ...S3_REQUEST, rawQuery: S3_QUERY.replace('X-Amz-Expires=86400', 'X-Amz-Expires=604801') };
    await rejectsWith(
      verifySigV4Request(long, s3Options(Date.UTC(2013, 4, 24, 1))),
      'IncompleteSignatureException',
    );
    const twice = { ...S3_REQUEST, rawQuery: `${S3_QUERY}&X-Amz-Date=20130524T000000Z` };
    await rejectsWith(
      verifySigV4Request(twice, s3Options(Date.UTC(2013, 4, 24, 1))),
      'IncompleteSignatureException',
    );
  });

  test('fail/both an Authorization header and presigned parameters → IncompleteSignatureException', async () => {
    const signed = sign();
    const headers: HeaderPairs = signed.headers;
    const request = { ...S3_REQUEST, headers };
    await rejectsWith(
      verifySigV4Request(request, s3Options(Date.UTC(2013, 4, 24, 1))),
      'IncompleteSignatureException',
      /Only one auth mechanism/,
    );
  });
});
