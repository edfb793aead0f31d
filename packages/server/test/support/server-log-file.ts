/**
 * Every test server's stdout and stderr also go to a file of its own under
 * `test-artifacts/server-logs/`, which `tools/scan-server-logs.ts` reads after the whole suite
 * (`npm test`) to prove no secret reached a log. Test files run in parallel processes, so each
 * name carries the process id, a counter and random bytes. The first lines name the server's
 * data directory (where the scanner finds its admin key and data key) and, for a data key given
 * in the environment, its SHA-256 (the key itself must not be written here).
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_LOG_DIR = new URL('../../../../test-artifacts/server-logs/', import.meta.url).pathname;
const DATA_KEY_VARIABLES = ['ANCHORAGE_DATA_KEY', 'ANCHORAGE_DATA_KEY_NEXT'];

let started = 0;

export function captureServerLog(
  child: ChildProcess,
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): void {
  mkdirSync(SERVER_LOG_DIR, { recursive: true });
  started++;
  const name = `${process.pid}-${started}-${randomBytes(4).toString('hex')}.log`;
  const fd = openSync(join(SERVER_LOG_DIR, name), 'a', 0o600);
  const header = [`# anchorage-test-server data-dir=${dataDir}`];
  for (const variable of DATA_KEY_VARIABLES) {
    const value = env[variable];
    if (value !== undefined && value !== '')
      header.push(`# data-key-sha256=${createHash('sha256').update(value).digest('hex')}`);
  }
  writeSync(fd, `${header.join('\n')}\n`);
  // Whole lines only, so that stdout and stderr never interleave inside a line (a secret split
  // across two lines would escape the scan); written synchronously, so the file is complete even
  // if the test process dies.
  const partial = new Map<unknown, Buffer>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      const buffered = Buffer.concat([partial.get(stream) ?? Buffer.alloc(0), chunk]);
      const end = buffered.lastIndexOf(0x0a) + 1;
      if (end > 0) writeSync(fd, buffered.subarray(0, end));
      partial.set(stream, buffered.subarray(end));
    });
  }
  child.once('close', () => {
    for (const rest of partial.values())
      if (rest.length > 0) writeSync(fd, Buffer.concat([rest, Buffer.from('\n')]));
    closeSync(fd);
  });
}
