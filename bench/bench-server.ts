/**
 * What the benchmarks that start a real `anchorage serve` share: a free port, the command line
 * (production log level, rate limits off, an optional CPU profile) and the wait until it serves.
 */
import type { ChildProcess } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';

export const ANCHORAGE_BIN = new URL('../packages/server/bin/anchorage.js', import.meta.url).pathname;

/** A free loopback port: bind to 0, read the port, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Node's and `anchorage serve`'s arguments for a benchmark server. BENCH_PROFILE=<dir> writes a
 * CPU profile of each server process there (node --cpu-prof), for finding where the time goes.
 */
export function benchServeArgs(options: {
  port: number;
  dataDir: string;
  workers: number;
  databaseUrl?: string;
}): string[] {
  const profile = process.env.BENCH_PROFILE;
  return [
    ...(profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile]),
    ANCHORAGE_BIN,
    'serve',
    ...['--port', String(options.port), '--data-dir', options.dataDir, '--workers', String(options.workers)],
    // The load comes from one address to one trust anchor, far above the default rate limits
    // (docs/limits.md): a benchmark measures the server, not its throttle.
    ...['--create-session-rate-per-anchor', '0', '--create-session-rate-per-source', '0'],
    ...['--api-rate-per-key', '0', '--api-auth-failure-rate-per-source', '0'],
    ...(options.databaseUrl === undefined ? [] : ['--database-url', options.databaseUrl]),
  ];
}

/** Resolves once `GET /healthz` answers 200; throws if the process exits or `timeoutMs` passes first. */
export async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    if (child.exitCode !== null) throw new Error(`bench server exited with ${child.exitCode}`);
    if (Date.now() - started > timeoutMs) throw new Error('bench server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}
