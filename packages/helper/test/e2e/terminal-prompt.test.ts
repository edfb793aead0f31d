/**
 * An encrypted key without --pkcs8-password: the helper asks on the terminal, without echo, as
 * the official helper does (a wrong password asks again), and without a terminal it says which
 * flag to use. The terminal is a real pseudo-terminal made by util-linux's `script`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  ANCHORAGE_BIN,
  type HelperFixture,
  runAnchorage,
  startHelperFixture,
  TEST_PATH,
} from '../support/e2e.ts';

let fx: HelperFixture;
let keyFile: string;
const PASSWORD = 'pässwörd 1';
before(async () => {
  fx = await startHelperFixture();
  keyFile = join(fx.dir, 'prompted.key');
  writeFileSync(
    keyFile,
    fx.rsa.identity.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: PASSWORD,
    }),
  );
});
after(async () => {
  await fx.server.stop();
});

/** Runs the helper on a pseudo-terminal and types `lines` into it, one after each prompt. */
function onTerminal(args: readonly string[], lines: readonly string[]): Promise<string> {
  const command = [process.execPath, ANCHORAGE_BIN, ...args]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: TEST_PATH, HOME: fx.dir, TERM: 'dumb' },
    });
    let output = '';
    let typed = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const prompts = output.split('Enter the password of the private key').length - 1;
      if (prompts > typed && typed < lines.length) child.stdin.write(`${lines[typed++]}\r`);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

const flags = () => [
  'credential-process',
  '--certificate',
  fx.rsa.certFile,
  '--private-key',
  keyFile,
  ...fx.arnFlags,
  '--no-cache',
];

test('ok/asks for the password on the terminal, again after a wrong one, and never echoes it', async () => {
  const output = await onTerminal(flags(), ['wrong password', PASSWORD]);
  assert.equal(output.split('Enter the password of the private key in file').length - 1, 2, output);
  assert.match(output, /"Version":1,"AccessKeyId":"ASIA/);
  assert.ok(!output.includes(PASSWORD) && !output.includes('wrong password'), 'nothing typed is echoed');
});

test('fail/three wrong passwords end with the reason', async () => {
  const output = await onTerminal(flags(), ['a', 'b', 'c']);
  assert.match(output, /cannot decrypt the private key .*wrong password/);
  assert.doesNotMatch(output, /AccessKeyId/);
});

test('fail/without a terminal it does not wait: it names the flag', async () => {
  const run = await runAnchorage(flags());
  assert.equal(run.code, 1);
  assert.match(run.stderr, /encrypted: give its password with --pkcs8-password or ANCHORAGE_PKCS8_PASSWORD/);
});
