/** The README's quick start stays true: `npm start` runs the server on the embedded default. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newDataDir } from './support/server-process.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

test('ok/npm start serves on the embedded SQLite store and stops cleanly on SIGTERM', async () => {
  const dataDir = newDataDir();
  // A process group of its own, so the signal reaches the server behind npm and its shell.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ANCHORAGE_PORT: '0', ANCHORAGE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Every process of the group writes to this pipe; it closes when the last of them has exited.
  const exited = new Promise<void>((resolve) => child.stdout.once('close', () => resolve()));
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('npm start did not report listening within 30 s')),
        30_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // With a worker per core, each worker logs its own "listening" line (with its pid).
        const match = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.ok(existsSync(join(dataDir, 'anchorage.db')), 'the SQLite database is in the data directory');
    assert.ok(existsSync(join(dataDir, 'admin-credentials')));
  } finally {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  }
  await exited;
  // npm itself dies of the signal; the server behind it must have shut down in order.
  assert.match(output, /"msg":"stopped"/);
});
