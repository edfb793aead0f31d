/**
 * Starts the real `anchorage serve` in a child process on a free port with its own data
 * directory, the way a user runs it, and gives tests its URL, logs and ways to stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureServerLog } from './server-log-file.ts';

const BIN = new URL('../../bin/anchorage.js', import.meta.url).pathname;

// A failing test must not leave a server running: children are unreferenced (they do not keep
// the test process alive) and killed when the test process exits.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly credentialsFile: string;
  readonly child: ChildProcess;
  /** Every log line printed so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Resolves to the first log line matching, waiting up to 5 s for it to arrive. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'anchorage-test-'));
}

export async function startServer(
  options: { dataDir?: string; args?: readonly string[]; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? newDataDir();
  const child = spawn(
    process.execPath,
    [
      BIN,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'debug',
      // One process unless a test asks for more: tests read one process's log lines.
      ...(options.args?.includes('--workers') ? [] : ['--workers', '1']),
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  captureServerLog(child, dataDir, { ...process.env, ...options.env });
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time; stderr: ${stderr}`)),
      15_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl = buffered.indexOf('\n');
      while (nl !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'listening') {
            clearTimeout(timer);
            resolve(String(entry.url));
          }
        } catch {
          logs.push({ unparsed: line });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  return {
    url,
    dataDir,
    credentialsFile: join(dataDir, 'admin-credentials'),
    child,
    logs,
    async waitForLog(predicate) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const found = logs.find(predicate);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error('no matching log line within 5 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
