/**
 * CreateSession requests per second over HTTP, for RSA-2048 and P-256 leaves with one
 * intermediate, beside OpenSSL's own single-core verify rate for the same key type measured in
 * the same run (`openssl speed`), and the ratio. The server is a real `anchorage serve` process
 * on loopback; requests are correctly signed and distinct (signed before the clock starts, so the
 * load generator spends its time sending, not signing). Chain validation is cached by the server
 * after the first request, as it is in production. Prints `name value unit` lines.
 *
 * Run: npm run bench   (BENCH_SECONDS sets the measuring time per scenario, default 5)
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, openSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import { issue, type KeyType, type TestIdentity } from '../packages/server/test/support/certificates.ts';
import { setUpRolesAnywhere } from '../packages/server/test/support/roles-anywhere-setup.ts';
import type { ServerProcess } from '../packages/server/test/support/server-process.ts';
import { benchServeArgs, freePort, waitUntilHealthy } from './bench-server.ts';
import { report } from './measure.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

/**
 * The server at its production log level (`info`, one JSON line per request), its output
 * discarded so that reading it costs the load generator nothing.
 */
async function startBenchServer(workers: number): Promise<ServerProcess & { stopNow(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anchorage-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, benchServeArgs({ port, dataDir, workers }), {
    stdio: [
      'ignore',
      process.env.BENCH_SERVER_LOG === undefined ? 'ignore' : openSync(process.env.BENCH_SERVER_LOG, 'w'),
      'inherit',
    ],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(url, child, 15_000);
  return {
    url,
    dataDir,
    credentialsFile: join(dataDir, 'admin-credentials'),
    child,
    logs: [],
    waitForLog: async () => ({}),
    stop: async () => {
      child.kill('SIGTERM');
      return null;
    },
    kill: async () => {
      child.kill('SIGKILL');
    },
    stopNow: () => child.kill('SIGTERM'),
  };
}

interface Prepared {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function prepare(
  server: string,
  arns: Record<string, string>,
  leaf: TestIdentity,
  chain: TestIdentity,
  count: number,
): Prepared[] {
  const url = new URL(server);
  const query = Object.entries(arns)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    // Distinct requests, as the server accepts each signed request once: every one signs its own
    // invocation id (as the AWS SDKs and the official helper do), and the duration varies.
    const body = JSON.stringify({ durationSeconds: 900 + (i % 2700) });
    const headers: [string, string][] = [
      ['amz-sdk-invocation-id', randomUUID()],
      ['content-type', 'application/json'],
      ['host', url.host],
      ['x-amz-x509', leaf.der.toString('base64')],
      ['x-amz-x509-chain', chain.der.toString('base64')],
    ];
    const signed = signX509(
      {
        method: 'POST',
        rawPath: '/sessions',
        rawQuery: query,
        headers,
        payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
      },
      {
        privateKey: leaf.privateKey,
        serialNumber: leaf.serial.toString(10),
        region: 'us-east-1',
        now: Date.now(),
      },
    );
    out.push({ path: `/sessions?${query}`, headers: Object.fromEntries(signed.headers), body });
  }
  return out;
}

async function load(
  server: string,
  requests: Prepared[],
): Promise<{ rate: number; p50: number; p99: number; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { port } = new URL(server);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const send = (r: Prepared) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: r.path,
          headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      // No Nagle delay: headers and body go out at once, as a production client sends them.
      req.on('socket', (socket) => socket.setNoDelay(true));
      req.end(r.body);
    });
  const worker = async () => {
    while (performance.now() < deadline && next < requests.length) {
      const r = requests[next++] as Prepared;
      const started = performance.now();
      const status = await send(r);
      latencies.push(performance.now() - started);
      if (status !== 201) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) /
    100;
  if (next >= requests.length)
    process.stderr.write('warning: ran out of prepared requests before the time was up\n');
  return {
    rate: Math.round(((latencies.length - failures) / elapsed) * 1000),
    p50: at(0.5),
    p99: at(0.99),
    failures,
  };
}

function opensslVerifyRate(algorithm: 'rsa2048' | 'ecdsap256'): number {
  const text = execFileSync('openssl', ['speed', '-seconds', '2', algorithm], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line =
    text
      .split('\n')
      .find((l) => (algorithm === 'rsa2048' ? /^rsa\s+2048/.test(l.trim()) : /nistp256\)/.test(l))) ?? '';
  const numbers = line
    .trim()
    .split(/\s+/)
    .map(Number)
    .filter((n) => Number.isFinite(n));
  return Math.round(numbers[numbers.length - 1] ?? 0);
}

/** One server process, then a worker per core (`--workers 2` on this 2-core machine). */
for (const workers of [1, 2]) {
  const suffix = workers === 1 ? '' : `_${workers}workers`;
  const server = await startBenchServer(workers);
  try {
    for (const [label, keyType, openssl, prepared] of [
      ['rsa2048', 'rsa2048', 'rsa2048', 5_000 * SECONDS],
      ['p256', 'p256', 'ecdsap256', 8_000 * SECONDS],
    ] as const) {
      const root = issue({ subject: [['CN', `Bench Root ${label}`]], ca: true, keyType: keyType as KeyType });
      const intermediate = issue({
        subject: [['CN', `Bench Intermediate ${label}`]],
        ca: true,
        issuer: root,
        keyType: keyType as KeyType,
      });
      const leaf = issue({
        subject: [
          ['O', 'Bench'],
          ['CN', `bench-${label}`],
        ],
        issuer: intermediate,
        keyType: keyType as KeyType,
      });
      const setup = await setUpRolesAnywhere(server, root.pem, { roleName: `Bench-${label}` });
      const arns = {
        trustAnchorArn: setup.trustAnchorArn,
        profileArn: setup.profileArn,
        roleArn: setup.roleArn,
      };
      const requests = prepare(server.url, arns, leaf, intermediate, prepared);
      const measured = await load(server.url, requests);
      const verify = opensslVerifyRate(openssl);
      const name = `create_session_${label}${suffix}`;
      report(`${name}_requests_per_second`, measured.rate, 'req/s');
      report(`${name}_latency_p50`, measured.p50, 'ms');
      report(`${name}_latency_p99`, measured.p99, 'ms');
      report(`${name}_failures`, measured.failures, 'requests');
      report(`openssl_${openssl}_verify_per_second_single_core`, verify, 'ops/s');
      report(`${name}_ratio_to_openssl_verify`, Math.round((measured.rate / verify) * 1000) / 1000, 'ratio');
    }
  } finally {
    server.stopNow();
  }
}
