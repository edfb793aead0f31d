/**
 * The benchmarks of issue 8: CreateSession over HTTP with correctly signed, distinct requests
 * (P-256 leaf, one intermediate) in four deployments, beside OpenSSL's single-core P-256 verify
 * rate measured in the same run, and the ratio:
 *   (a) one server on SQLite, one worker;   (b) the same, a worker per core;
 *   (c) one server on PostgreSQL, one worker; (d) two servers on one PostgreSQL schema.
 * Then the full SigV4 authorisation check of a request signed with temporary credentials
 * (signature, session-token unsealing, policy decision), in process, and memory (RSS of the
 * server and its workers) under sustained load and after it. Prints `name value unit` lines.
 *
 * Load generator: wrk (Debian package `wrk`). It is a C event loop that costs the loopback
 * machine little CPU — the server and the generator share the same two cores, so a generator
 * that spends a core on itself (a Node loop, or autocannon) would halve what the server gets —
 * and its Lua hooks let each request be a different pre-signed raw request
 * (bench/wrk-requests.lua) and report p50/p99 from its HDR histogram. Requests are signed just
 * before each scenario starts (their signatures are valid for the 5-minute clock skew), enough
 * that none is sent twice (see perTargetRate); the memory soak alone may send its list again.
 *
 * Run: npm run bench   (or node bench/scenarios.ts)
 * Environment: BENCH_SECONDS (per scenario, default 10), BENCH_SOAK_SECONDS (memory soak, default
 * 60), BENCH_CONNECTIONS (per wrk, default 64), PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test), BENCH_MAX_RATE (see perTargetRate), BENCH_ONLY (comma
 * list of a,floor,b,c,d,authz,memory; default all; authz runs with a), BENCH_PROFILE (a directory: CPU
 * profiles of the servers).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { createAuthenticator } from '@anchorage/server/auth/authenticate';
import { createAuthorizer } from '@anchorage/server/authz/authorizer';
import { answerAuthorization } from '@anchorage/server/http/authorize-endpoint';
import { loadDataKey } from '@anchorage/server/secrets/data-key';
import { createSecretBox } from '@anchorage/server/secrets/secret-box';
import { createKeyRing } from '@anchorage/server/sts/key-ring';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import pg from 'pg';
import { issue, type TestIdentity } from '../packages/server/test/support/certificates.ts';
import { ACCOUNT, setUpRolesAnywhere } from '../packages/server/test/support/roles-anywhere-setup.ts';
import type { ServerProcess } from '../packages/server/test/support/server-process.ts';
import { ANCHORAGE_BIN, benchServeArgs, freePort, waitUntilHealthy } from './bench-server.ts';
import { report, runFor } from './measure.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ONLY = new Set((process.env.BENCH_ONLY ?? 'a,floor,b,c,d,authz,memory').split(','));
/** The memory soak is wrk runs this long, back to back, each with its own distinct requests. */
const SOAK_SEGMENT_SECONDS = 10;
const MAX_RATE = Number(process.env.BENCH_MAX_RATE ?? 10_000);
const CORES = availableParallelism();
const LUA = new URL('./wrk-requests.lua', import.meta.url).pathname;
const FLOOR = new URL('./floor-server.ts', import.meta.url).pathname;
const WORK = mkdtempSync(join(tmpdir(), 'anchorage-bench-scenarios-'));

if (spawnSync('wrk', ['--version']).error !== undefined) {
  process.stderr.write(
    'bench/scenarios.ts needs the wrk load generator: apt-get install -y wrk (Debian/Ubuntu)\n',
  );
  process.exit(1);
}

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

interface BenchServer extends ServerProcess {
  readonly pid: number;
  /** SIGTERM, then wait for the process (and so its flush) to end. */
  stopAndWait(): Promise<void>;
}

/** A real `anchorage serve` at the production log level, its output discarded. */
async function startServer(options: {
  workers: number;
  databaseUrl?: string;
  dataKey?: string;
}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(WORK, 'server-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    benchServeArgs({
      port,
      dataDir,
      workers: options.workers,
      ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
    }),
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        ...(options.dataKey === undefined ? {} : { ANCHORAGE_DATA_KEY: options.dataKey }),
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(url, child);
  // Bounded: a server that has not exited 30 s after SIGTERM is killed (with its workers), and
  // the benchmark says so on stderr and in `server_shutdown_killed`.
  const stopAndWait = async () => {
    if (child.exitCode !== null) return;
    const tree = processTree(child.pid as number);
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      process.stderr.write(
        `warning: ${ANCHORAGE_BIN} serve (pid ${child.pid}) ignored SIGTERM for 30 s; killed\n`,
      );
      report('server_shutdown_killed', 1, 'count');
      for (const p of processTree(child.pid as number).concat(tree)) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      await exited;
    }
  };
  return {
    url,
    dataDir,
    credentialsFile: join(dataDir, 'admin-credentials'),
    child,
    pid: child.pid as number,
    logs: [],
    waitForLog: async () => ({}),
    stop: async () => {
      await stopAndWait();
      return child.exitCode;
    },
    kill: async () => {
      child.kill('SIGKILL');
    },
    stopAndWait,
  };
}

/** The chain every scenario uses: a root, one intermediate, a P-256 leaf. */
function p256Chain(): { root: TestIdentity; intermediate: TestIdentity; leaf: TestIdentity } {
  const root = issue({ subject: [['CN', 'Bench Root p256']], ca: true, keyType: 'p256' });
  const intermediate = issue({
    subject: [['CN', 'Bench Intermediate p256']],
    ca: true,
    pathLen: 0,
    issuer: root,
    keyType: 'p256',
  });
  const leaf = issue({
    subject: [
      ['O', 'Bench'],
      ['CN', 'bench-p256'],
    ],
    issuer: intermediate,
    keyType: 'p256',
  });
  return { root, intermediate, leaf };
}

interface Target {
  readonly url: string;
  readonly arns: Record<string, string>;
  readonly leaf: TestIdentity;
  readonly intermediate: TestIdentity;
}

/** One CreateSession request signed for `target` (its Host header is signed), as raw parts. */
function signCreateSession(target: Target, i: number) {
  const host = new URL(target.url).host;
  const query = Object.entries(target.arns)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  // Distinct requests, as the server accepts each signed request once: every one signs its own
  // invocation id (as the AWS SDKs and the official helper do), and the duration varies.
  const body = JSON.stringify({ durationSeconds: 900 + (i % 2700) });
  const headers: [string, string][] = [
    ['amz-sdk-invocation-id', randomUUID()],
    ['content-type', 'application/json'],
    ['host', host],
    ['x-amz-x509', target.leaf.der.toString('base64')],
    ['x-amz-x509-chain', target.intermediate.der.toString('base64')],
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
      privateKey: target.leaf.privateKey,
      serialNumber: target.leaf.serial.toString(10),
      region: 'us-east-1',
      now: Date.now(),
    },
  );
  return { path: `/sessions?${query}`, headers: signed.headers, body };
}

/** `count` distinct signed raw HTTP/1.1 requests, NUL-separated, in a file for wrk. */
function writeRequests(target: Target, count: number): string {
  const file = join(WORK, `requests-${randomBytes(4).toString('hex')}`);
  const fd = openSync(file, 'w');
  let chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = signCreateSession(target, i);
    const lines = [`POST ${r.path} HTTP/1.1`];
    for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
    lines.push(`content-length: ${Buffer.byteLength(r.body)}`, '', r.body);
    chunk.push(`${lines.join('\r\n')}\0`);
    if (chunk.length === 1000) {
      writeSync(fd, chunk.join(''));
      chunk = [];
    }
  }
  writeSync(fd, chunk.join(''));
  closeSync(fd);
  return file;
}

interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly failures: number;
  readonly socketErrors: number;
  readonly wrapped: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuSeconds: number;
}

/** One wrk process (one thread: it leaves the cores to the server) against `url` for `seconds`. */
function runWrk(url: string, requestsFile: string, seconds: number): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'wrk',
      ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', LUA, url],
      {
        env: { ...process.env, WRK_REQUESTS: requestsFile, WRK_THREADS: '1', WRK_EXPECT: '201' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    // wrk's own CPU time, sampled until it exits (its /proc entry goes with it).
    let cpu = 0;
    const sampler = setInterval(() => {
      cpu = Math.max(cpu, cpuSeconds([child.pid as number]));
    }, 200);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const fields = new Map<string, number>();
      for (const line of out.split('\n')) {
        const m = /^(\w+) (\d+)$/.exec(line.trim());
        if (m !== null) fields.set(m[1] as string, Number(m[2]));
      }
      if (code !== 0 || !fields.has('requests')) {
        reject(new Error(`wrk exited with ${code}:\n${out}`));
        return;
      }
      const f = (k: string) => fields.get(k) ?? 0;
      resolve({
        requests: f('requests'),
        seconds: f('duration_us') / 1e6,
        failures: f('failures'),
        socketErrors: f('socket_errors'),
        wrapped: f('wrapped'),
        p50Ms: f('p50_us') / 1000,
        p99Ms: f('p99_us') / 1000,
        cpuSeconds: cpu,
      });
    });
  });
}

/** OpenSSL's single-core P-256 verify rate (`openssl speed`, last column of the nistp256 line). */
function opensslP256VerifyRate(): number {
  const text = execFileSync('openssl', ['speed', '-seconds', '3', 'ecdsap256'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = text.split('\n').find((l) => /nistp256\)/.test(l)) ?? '';
  const rate = Number(line.trim().split(/\s+/).at(-1));
  if (!(rate > 0)) throw new Error(`could not read openssl speed's output:\n${text}`);
  return Math.round(rate);
}

/** A process and all its descendants (the cluster workers). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** Resident memory of a process and its descendants, in MiB. */
function rssMiB(pid: number): number {
  let kib = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return round(kib / 1024, 1);
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU seconds (user + system) the processes have used so far. */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** PostgreSQL's processes (the postmaster and its backends). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Busy CPU seconds of the whole machine so far (all but idle and iowait, from /proc/stat). */
function machineBusySeconds(): number {
  const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - (n[3] ?? 0) - (n[4] ?? 0)) / TICKS_PER_SECOND;
}

/** Where the CPU went while `work` ran, in cores (CPU seconds per wall second). */
async function cpuDuring<T>(serverPids: readonly number[], work: () => Promise<T>) {
  const servers = () => cpuSeconds(serverPids.flatMap(processTree));
  const before = { servers: servers(), postgres: cpuSeconds(postgresPids()), machine: machineBusySeconds() };
  const started = performance.now();
  const result = await work();
  const wall = (performance.now() - started) / 1000;
  return {
    result,
    serverCores: (servers() - before.servers) / wall,
    // Backends opened meanwhile count whole; the few that closed meanwhile are missed.
    postgresCores: (cpuSeconds(postgresPids()) - before.postgres) / wall,
    machineCores: (machineBusySeconds() - before.machine) / wall,
  };
}

/** Waits until a freshly signed CreateSession to `target` succeeds (configuration propagated). */
async function waitUntilServing(target: Target): Promise<void> {
  const started = Date.now();
  for (;;) {
    const r = signCreateSession(target, 0);
    const response = await fetch(`${target.url}${r.path}`, {
      method: 'POST',
      headers: Object.fromEntries(r.headers.filter(([n]) => n.toLowerCase() !== 'host')),
      body: r.body,
    });
    if (response.status === 201) return;
    if (Date.now() - started > 60_000)
      throw new Error(`${target.url} still answers ${response.status}: ${await response.text()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function setUp(server: BenchServer): Promise<Omit<Target, 'url'> & { roleArn: string }> {
  const { root, intermediate, leaf } = p256Chain();
  const setup = await setUpRolesAnywhere(server, root.pem, { roleName: 'Bench-p256' });
  return {
    arns: { trustAnchorArn: setup.trustAnchorArn, profileArn: setup.profileArn, roleArn: setup.roleArn },
    leaf,
    intermediate,
    roleArn: setup.roleArn,
  };
}

/**
 * Loads every target at once (one wrk each), `seconds` long, after signing each its own requests;
 * rates add up, p50/p99 are the worst of the targets'.
 */
async function measure(targets: Target[], seconds: number, maxPerTarget: number, serverPids: number[]) {
  const files = targets.map((t) => writeRequests(t, maxPerTarget));
  try {
    const { result: results, ...cpu } = await cpuDuring(serverPids, () =>
      Promise.all(targets.map((t, i) => runWrk(t.url, files[i] as string, seconds))),
    );
    return {
      ...cpu,
      loadgenCores: results.reduce((sum, r) => sum + r.cpuSeconds / r.seconds, 0),
      rate: results.reduce((sum, r) => sum + (r.requests - r.failures) / r.seconds, 0),
      p50: Math.max(...results.map((r) => r.p50Ms)),
      p99: Math.max(...results.map((r) => r.p99Ms)),
      failures: results.reduce((sum, r) => sum + r.failures + r.socketErrors, 0),
      wrapped: results.reduce((sum, r) => sum + r.wrapped, 0),
    };
  } finally {
    for (const f of files) rmSync(f, { force: true });
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const opensslRate = opensslP256VerifyRate();
report('openssl_p256_verify', opensslRate, 'verify/s');

/**
 * The most requests per second one target can answer, to sign enough distinct requests: each
 * process verifies one signature per request, so at most OpenSSL's single-core rate, and the
 * processes share the cores; capped by BENCH_MAX_RATE per target (default 10000/s, several times
 * what the server reaches here) so that signing and the request files stay small. Should a target
 * go faster, wrk starts the list again and `…_repeated_request_rounds` says so.
 */
function perTargetRate(servers: ReadonlyArray<{ workers: number }>, targets: number): number {
  const processes = Math.min(
    CORES,
    servers.reduce((n, s) => n + s.workers, 0),
  );
  return Math.min(MAX_RATE, (opensslRate * processes) / targets);
}

const rates = new Map<string, number>();

/**
 * The floor under scenario (a) (bench/floor-server.ts): a bare node:http process that only reads
 * the request and answers (`http`), or also authenticates it as CreateSession does (`verify`),
 * loaded by the same wrk with the same kind of requests. It shows what Node's HTTP stack and one
 * verify leave of OpenSSL's rate before any of Anchorage's own work.
 */
async function floorScenario(mode: 'http' | 'verify'): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, [FLOOR, mode, String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    while (
      !(await fetch(url, { method: 'POST' }).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() - started > 15_000) throw new Error('floor server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    const { leaf, intermediate } = p256Chain();
    const arns = { trustAnchorArn: 'floor', profileArn: 'floor', roleArn: 'floor' };
    const perTarget = Math.ceil(perTargetRate([{ workers: 1 }], 1) * SECONDS * 1.1);
    const m = await measure([{ url, arns, leaf, intermediate }], SECONDS, perTarget, [child.pid as number]);
    const name = `create_session_floor_${mode}`;
    rates.set(`floor_${mode}`, m.rate);
    report(`${name}_rate`, Math.round(m.rate), 'req/s');
    report(`${name}_failures`, m.failures, 'count');
    report(`${name}_ratio_to_openssl`, round(m.rate / opensslRate, 3), 'ratio');
    report(`${name}_rate_per_server_core`, Math.round(m.rate / m.serverCores), 'req/s');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function scenario(
  name: 'a' | 'b' | 'c' | 'd',
  servers: Array<{ workers: number; databaseUrl?: string; dataKey?: string }>,
  afterMeasure?: (first: BenchServer, target: Target & { roleArn: string }) => Promise<void>,
): Promise<void> {
  const started: BenchServer[] = [];
  try {
    for (const options of servers) started.push(await startServer(options));
    const first = started[0] as BenchServer;
    const common = await setUp(first);
    const targets = started.map((s) => ({ ...common, url: s.url }));
    for (const t of targets) await waitUntilServing(t);
    const perTarget = Math.ceil(perTargetRate(servers, targets.length) * SECONDS * 1.1);
    const m = await measure(
      targets,
      SECONDS,
      perTarget,
      started.map((s) => s.pid),
    );
    const prefix = `create_session_${name}`;
    rates.set(name, m.rate);
    report(`${prefix}_rate`, Math.round(m.rate), 'req/s');
    report(`${prefix}_p50`, round(m.p50, 2), 'ms');
    report(`${prefix}_p99`, round(m.p99, 2), 'ms');
    report(`${prefix}_failures`, m.failures, 'count');
    if (m.wrapped > 0) report(`${prefix}_repeated_request_rounds`, m.wrapped, 'count');
    report(`${prefix}_ratio_to_openssl`, round(m.rate / opensslRate, 3), 'ratio');
    // Where the cores went during the load: the servers, PostgreSQL, wrk, and the machine in all.
    report(`${prefix}_server_cpu`, round(m.serverCores, 2), 'cores');
    report(`${prefix}_rate_per_server_core`, Math.round(m.rate / m.serverCores), 'req/s');
    if (name === 'c' || name === 'd') report(`${prefix}_postgres_cpu`, round(m.postgresCores, 2), 'cores');
    report(`${prefix}_loadgen_cpu`, round(m.loadgenCores, 2), 'cores');
    report(`${prefix}_machine_cpu`, round(m.machineCores, 2), 'cores');
    if (afterMeasure !== undefined) await afterMeasure(first, targets[0] as Target & { roleArn: string });
  } finally {
    for (const s of started) await s.stopAndWait();
  }
}

/**
 * The full authorisation check of an API call made with temporary credentials, in process, as
 * `POST /authorize` makes it: SigV4 verification with the secret from the unsealed session token
 * (key ring read from the server's own store and data key), then the policy decision for the
 * session's role. Distinct signed requests; one core.
 */
async function authorisationChecks(server: BenchServer, target: Target & { roleArn: string }) {
  const r = signCreateSession(target, 1);
  const response = await fetch(`${target.url}${r.path}`, {
    method: 'POST',
    headers: Object.fromEntries(r.headers.filter(([n]) => n.toLowerCase() !== 'host')),
    body: r.body,
  });
  const json = (await response.json()) as {
    credentialSet: Array<{
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    }>;
  };
  const credentials = json.credentialSet[0]?.credentials;
  if (credentials === undefined) throw new Error('CreateSession returned no credentials');
  const store = await openSqliteStore(join(server.dataDir, 'anchorage.db'));
  const box = createSecretBox(loadDataKey(server.dataDir, {}));
  const keyRing = createKeyRing(store, box);
  const deps = {
    authenticator: createAuthenticator(store, box, keyRing, 'us-east-1'),
    authorizer: createAuthorizer(store, { partition: 'aws', region: 'us-east-1', accountId: ACCOUNT }),
  };
  const now = Date.now();
  const questions = Array.from({ length: 1000 }, (_, i) => {
    const rawQuery = `Action=GetRole&RoleName=Bench-p256&Version=2010-05-08&X-Bench=${i}`;
    const unsigned: SignedRequest = {
      method: 'GET',
      rawPath: '/',
      rawQuery,
      headers: [['Host', 'iam.amazonaws.com']],
      payloadSha256Hex: createHash('sha256').update('').digest('hex'),
    };
    const signed = signRequest(unsigned, {
      ...credentials,
      region: 'us-east-1',
      service: 'iam',
      now: now + i,
    });
    return {
      request: { ...unsigned, headers: signed.headers },
      service: 'iam',
      region: 'us-east-1',
      action: 'iam:GetRole',
      resource: target.roleArn,
      context: {},
    };
  });
  const first = (await answerAuthorization(deps, questions[0] as (typeof questions)[0], now)) as {
    decision: string;
    reason: string;
  };
  if (first.decision !== 'Allow') throw new Error(`authorisation check denied: ${first.reason}`);
  const result = await runFor(Math.min(SECONDS, 5), async (i) => {
    await answerAuthorization(deps, questions[i % questions.length] as (typeof questions)[0], now + 1000);
  });
  report('sigv4_authorisation_checks_per_core', result.perSecond, 'checks/s');
  report('sigv4_authorisation_check_mean', result.meanMicros, 'us');
  await store.close();
}

try {
  if (ONLY.has('a'))
    await scenario('a', [{ workers: 1 }], ONLY.has('authz') ? authorisationChecks : undefined);
  if (ONLY.has('floor')) {
    await floorScenario('http');
    await floorScenario('verify');
  }
  if (ONLY.has('b')) await scenario('b', [{ workers: CORES }]);
  const run = randomBytes(4).toString('hex');
  if (ONLY.has('c')) {
    const schema = `bench_${run}_c`;
    try {
      await scenario('c', [{ workers: 1, databaseUrl: `${PG_URL}?schema=${schema}` }]);
    } finally {
      await dropSchema(schema);
    }
  }
  if (ONLY.has('d')) {
    const schema = `bench_${run}_d`;
    const dataKey = randomBytes(32).toString('base64');
    const databaseUrl = `${PG_URL}?schema=${schema}`;
    try {
      await scenario('d', [
        { workers: 1, databaseUrl, dataKey },
        { workers: 1, databaseUrl, dataKey },
      ]);
    } finally {
      await dropSchema(schema);
    }
  }
  const ratio = (x: string, y: string) => {
    const a = rates.get(x);
    const b = rates.get(y);
    if (a !== undefined && b !== undefined) report(`create_session_${x}_over_${y}`, round(a / b, 3), 'ratio');
  };
  ratio('b', 'a');
  ratio('d', 'c');
  ratio('a', 'floor_verify');

  if (ONLY.has('memory')) {
    // Memory: scenario (b)'s deployment under SOAK_SECONDS of load, then idle.
    const server = await startServer({ workers: CORES });
    try {
      const common = await setUp(server);
      const target = { ...common, url: server.url };
      await waitUntilServing(target);
      // Every request must be distinct (the server accepts a signed request once: replay cache),
      // so the soak is wrk runs of SOAK_SEGMENT_SECONDS back to back, each with its own requests,
      // all signed before the load starts; enough for (b)'s measured rate with room to spare.
      const segments = Math.max(1, Math.round(SOAK_SECONDS / SOAK_SEGMENT_SECONDS));
      const segmentSeconds = SOAK_SECONDS / segments;
      const expectedRate = rates.get('b') ?? perTargetRate([{ workers: CORES }], 1);
      const perSegment = Math.ceil(expectedRate * segmentSeconds * 1.5);
      const files = Array.from({ length: segments }, () => writeRequests(target, perSegment));
      try {
        const before = rssMiB(server.pid);
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMiB(server.pid));
        }, 1000);
        const runs: WrkResult[] = [];
        for (const file of files) {
          runs.push(await runWrk(server.url, file, segmentSeconds));
          rmSync(file, { force: true });
        }
        clearInterval(sampler);
        const after = rssMiB(server.pid);
        peak = Math.max(peak, after);
        await new Promise((r) => setTimeout(r, 10_000));
        const idle = rssMiB(server.pid);
        const sum = (f: (r: WrkResult) => number) => runs.reduce((n, r) => n + f(r), 0);
        const m = { requests: sum((r) => r.requests), seconds: sum((r) => r.seconds) };
        report('memory_soak_seconds', SOAK_SECONDS, 's');
        report('memory_soak_rate', Math.round((m.requests - sum((r) => r.failures)) / m.seconds), 'req/s');
        report(
          'memory_soak_failures',
          sum((r) => r.failures + r.socketErrors),
          'count',
        );
        report(
          'memory_soak_repeated_request_rounds',
          sum((r) => r.wrapped),
          'count',
        );
        report('memory_soak_distinct_requests', perSegment * segments, 'count');
        report('memory_rss_before', before, 'MiB');
        report('memory_rss_peak', peak, 'MiB');
        report('memory_rss_after_60s_load', after, 'MiB');
        report('memory_rss_after_idle_10s', idle, 'MiB');
      } finally {
        for (const file of files) rmSync(file, { force: true });
      }
    } finally {
      await server.stopAndWait();
    }
  }
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
