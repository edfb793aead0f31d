/**
 * What the credential helper costs a workload: the wall time of one `anchorage credential-process`
 * run (a whole Node.js process, as the AWS CLI and SDKs start it) with a cold cache (a
 * CreateSession every time) and with a warm one (a cache file read); and CreateSession calls per
 * second through the helper's client in one process (fromRolesAnywhere's path, no process start).
 * The server is a real `anchorage serve` on loopback. Prints `name value unit` lines.
 *
 * Run: npm run bench   (BENCH_RUNS sets the process runs per scenario, default 20)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdentity } from '../packages/helper/src/identity/key-identity.ts';
import { createSession } from '../packages/helper/src/session/create-session.ts';
import { resolveSessionTarget } from '../packages/helper/src/session/session-target.ts';
import { issue } from '../packages/server/test/support/certificates.ts';
import { setUpRolesAnywhere } from '../packages/server/test/support/roles-anywhere-setup.ts';
import { startServer } from '../packages/server/test/support/server-process.ts';
import { report, runFor } from './measure.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BIN = new URL('../packages/server/bin/anchorage.js', import.meta.url).pathname;

// Hundreds of CreateSessions a second from one address to one anchor: above the default rate
// limits (docs/limits.md), which are not what this measures.
const server = await startServer({
  args: ['--create-session-rate-per-anchor', '0', '--create-session-rate-per-source', '0'],
});
try {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-bench-helper-'));
  const root = issue({ subject: [['CN', 'Bench Root']], ca: true, keyType: 'p256' });
  const intermediate = issue({
    subject: [['CN', 'Bench Intermediate']],
    ca: true,
    pathLen: 0,
    issuer: root,
    keyType: 'p256',
  });
  const leaf = issue({ subject: [['CN', 'bench-workload']], issuer: intermediate, keyType: 'p256' });
  const setup = await setUpRolesAnywhere(server, root.pem);
  writeFileSync(join(dir, 'leaf.pem'), leaf.pem);
  writeFileSync(join(dir, 'leaf.key'), leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'chain.pem'), intermediate.pem);
  const args = [
    BIN,
    'credential-process',
    ...[
      '--certificate',
      join(dir, 'leaf.pem'),
      '--private-key',
      join(dir, 'leaf.key'),
      '--intermediates',
      join(dir, 'chain.pem'),
    ],
    ...[
      '--trust-anchor-arn',
      setup.trustAnchorArn,
      '--profile-arn',
      setup.profileArn,
      '--role-arn',
      setup.roleArn,
    ],
    ...['--endpoint', server.url, '--cache-dir', join(dir, 'cache')],
  ];
  const timeRuns = (extra: readonly string[], bin = BIN): number[] => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args.slice(1), ...extra], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`credential-process failed: ${run.stderr}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  };
  const median = (sorted: number[]) => Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
  const nodeStart = (() => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  })();
  report('node_process_start_p50', median(nodeStart), 'ms');
  report('credential_process_uncached_p50', median(timeRuns(['--no-cache'])), 'ms');
  timeRuns([]); // fill the cache
  report('credential_process_cached_p50', median(timeRuns([])), 'ms');

  // The installed helper is compiled JavaScript: no type stripping at start.
  const packDir = mkdtempSync(join(tmpdir(), 'anchorage-bench-pack-'));
  const tarball = execFileSync(
    process.execPath,
    [new URL('../tools/pack-helper.ts', import.meta.url).pathname, packDir],
    {
      encoding: 'utf8',
    },
  ).trim();
  execFileSync('npm', ['install', tarball, '--offline', '--omit=optional', '--no-audit', '--no-fund'], {
    cwd: packDir,
    stdio: 'ignore',
  });
  const installed = join(packDir, 'node_modules/@anchorage/helper/bin/anchorage-helper.js');
  report('installed_helper_uncached_p50', median(timeRuns(['--no-cache'], installed)), 'ms');
  report('installed_helper_cached_p50', median(timeRuns([], installed)), 'ms');

  const identity = keyIdentity(leaf.privateKey, leaf.der, [intermediate.der]);
  const target = resolveSessionTarget(
    {
      trustAnchorArn: setup.trustAnchorArn,
      profileArn: setup.profileArn,
      roleArn: setup.roleArn,
      endpoint: server.url,
      durationSeconds: 3600,
    },
    {},
  );
  const transport = { noVerifySsl: false, withProxy: false, env: {}, userAgent: 'bench' };
  const rate = await runFor(SECONDS, async () => {
    await createSession(identity, target, transport);
  });
  report('helper_create_session_sequential', rate.perSecond, 'req/s');
  report('helper_create_session_mean', Math.round(rate.meanMicros / 100) / 10, 'ms');
} finally {
  // The server child is unref'd; keep the loop alive until it has exited.
  const keepAlive = setInterval(() => {}, 1000);
  await server.stop();
  clearInterval(keepAlive);
}
