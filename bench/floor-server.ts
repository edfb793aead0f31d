/**
 * The floor under scenario (a): a bare node:http server in one process that does only what no
 * CreateSession server on Node.js can skip, answered with a body of CreateSession's size.
 *
 *   http   — read the request and its body, send the response.
 *   verify — the same, plus authenticating the request as CreateSession does: parse the
 *            Authorization header and the certificates (remembered, as the server remembers
 *            them), check the date and scope, canonicalise, and verify the P-256 signature.
 *
 * No store, no trust anchor, no policy, no credentials: the distance between this and scenario
 * (a) is what Anchorage's own pipeline costs; the distance between this and `openssl speed` is
 * what Node's HTTP stack and one verify cost. Started by bench/scenarios.ts.
 *
 * Run: node bench/floor-server.ts <http|verify> <port>
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readSessionSigner, verifySessionSignature } from '@anchorage/core/session/session-signer';
import { createCertificateCache } from '@anchorage/core/x509/certificate-cache';

const mode = process.argv[2];
const port = Number(process.argv[3]);
if ((mode !== 'http' && mode !== 'verify') || !Number.isInteger(port)) {
  process.stderr.write('usage: node bench/floor-server.ts <http|verify> <port>\n');
  process.exit(2);
}

// A CreateSession answer's size: one credential set with a session token of ~1 KiB.
const ANSWER = JSON.stringify({
  credentialSet: [
    {
      assumedRoleUser: {
        arn: `arn:aws:sts::000000000000:assumed-role/Bench/${'0'.repeat(40)}`,
        assumedRoleId: 'AROA',
      },
      credentials: {
        accessKeyId: 'ASIA'.padEnd(20, 'X'),
        secretAccessKey: 'x'.repeat(40),
        sessionToken: 't'.repeat(1000),
        expiration: new Date().toISOString(),
      },
      packedPolicySize: 0,
      roleArn: 'arn:aws:iam::000000000000:role/Bench',
      sourceIdentity: 'CN=bench-p256',
    },
  ],
  subjectArn: `arn:aws:rolesanywhere:us-east-1:000000000000:subject/${'0'.repeat(36)}`,
});
const certificates = createCertificateCache(100);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let status = 201;
    if (mode === 'verify') {
      const target = req.url ?? '/';
      const at = target.indexOf('?');
      const signed = {
        method: req.method ?? 'POST',
        rawPath: at === -1 ? target : target.slice(0, at),
        rawQuery: at === -1 ? '' : target.slice(at + 1),
        headers: pairs(req.rawHeaders),
        payloadSha256Hex: createHash('sha256').update(Buffer.concat(chunks)).digest('hex'),
      };
      try {
        verifySessionSignature(signed, readSessionSigner(signed, 'us-east-1', Date.now(), certificates));
      } catch {
        status = 403;
      }
    }
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(ANSWER),
    });
    res.end(ANSWER);
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}
