/**
 * SigV4 verifications per second on one core: the full server-side check of a realistic
 * control-plane request (parse, scope, skew, canonical request, HMAC chain, constant-time
 * compare) over distinct correctly signed requests. Prints `name value unit` lines.
 *
 * Run: npm run bench -- sigv4   (or: node bench/sigv4-verify.ts)
 */
import { createHash } from 'node:crypto';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { verifySigV4Request } from '@anchorage/core/sigv4/verify-hmac';
import { report, runFor } from './measure.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const now = Date.UTC(2026, 10, 27, 12, 0, 0);
const credential = {
  accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

function signedRequest(i: number): SignedRequest {
  const body = JSON.stringify({
    name: `profile-${i}`,
    roleArns: ['arn:aws:iam::000000000000:role/workload'],
  });
  const unsigned: SignedRequest = {
    method: 'POST',
    rawPath: '/profiles',
    rawQuery: '',
    headers: [
      ['Host', '127.0.0.1:8080'],
      ['Content-Type', 'application/json'],
      ['User-Agent', 'aws-cli/1.45 botocore/1.43'],
      ['Content-Length', String(body.length)],
    ],
    payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
  };
  const signed = signRequest(unsigned, {
    ...credential,
    region: 'us-east-1',
    service: 'rolesanywhere',
    now: now + i,
  });
  return { ...unsigned, headers: signed.headers };
}

const requests = Array.from({ length: 1000 }, (_, i) => signedRequest(i));
const options = {
  now,
  region: 'us-east-1',
  service: 'rolesanywhere',
  lookupCredential: async () => ({ secretAccessKey: credential.secretAccessKey }),
};

const result = await runFor(SECONDS, async (i) => {
  await verifySigV4Request(requests[i % requests.length] as SignedRequest, options);
});
report('sigv4_verifications_per_second_per_core', result.perSecond, 'ops/s');
report('sigv4_verification_mean_latency', result.meanMicros, 'us');
