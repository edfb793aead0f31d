/**
 * End-to-end support: a running Anchorage server with a trust anchor for three test CAs (P-256
 * with an intermediate, RSA-2048, ML-DSA-65), a role and a profile; workload certificates and keys
 * written to files in every format the helper reads; and a way to run the `anchorage` command
 * as a user would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issue, type TestIdentity } from '../../../server/test/support/certificates.ts';
import {
  control,
  type RolesAnywhereSetup,
  setUpRolesAnywhere,
} from '../../../server/test/support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from '../../../server/test/support/server-process.ts';

export const REPO = new URL('../../../../', import.meta.url).pathname;
export const ANCHORAGE_BIN = join(REPO, 'packages/server/bin/anchorage.js');
/** PATH with Node 24 first, as `npm test` has it, so `npx anchorage` and `node` mean the same as for a user. */
export const TEST_PATH = `${join(REPO, 'node_modules/.bin')}:${process.env.PATH ?? ''}`;

/** The identity GetCallerIdentity reports for credentials of the test role. */
export const ASSUMED_ROLE = /^arn:aws:sts::000000000000:assumed-role\/Workload\/[\w+=,.@-]+$/;

export interface Workload {
  readonly certFile: string;
  readonly keyFile: string;
  readonly chainFile: string;
  readonly identity: TestIdentity;
}

export interface HelperFixture {
  readonly server: ServerProcess;
  readonly setup: RolesAnywhereSetup;
  readonly dir: string;
  readonly p256: Workload;
  readonly rsa: Workload;
  readonly mldsa: Workload;
  readonly roots: {
    readonly p256: TestIdentity;
    readonly intermediate: TestIdentity;
    readonly rsa: TestIdentity;
    readonly mldsa: TestIdentity;
  };
  /** The ARN flags for the helper, with `--endpoint`. */
  readonly arnFlags: string[];
  /** CreateSession calls the server answered with 201 so far. */
  createSessionCount(): number;
}

const name = (cn: string): Array<[string, string]> => [
  ['O', 'Anchorage Test'],
  ['CN', cn],
];

export async function startHelperFixture(): Promise<HelperFixture> {
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-helper-e2e-'));
  const p256Root = issue({ subject: name('Helper P-256 Root'), ca: true, keyType: 'p256' });
  const intermediate = issue({
    subject: name('Helper P-256 Intermediate'),
    ca: true,
    pathLen: 0,
    issuer: p256Root,
    keyType: 'p256',
  });
  const rsaRoot = issue({ subject: name('Helper RSA Root'), ca: true, keyType: 'rsa2048' });
  const mldsaRoot = issue({ subject: name('Helper ML-DSA Root'), ca: true, keyType: 'ml-dsa-65' });
  const bundle = [p256Root.pem, rsaRoot.pem, mldsaRoot.pem].join('');
  const setup = await setUpRolesAnywhere(server, bundle);
  const p256 = writeWorkload(
    dir,
    'p256',
    issue({ subject: name('p256-workload'), issuer: intermediate, keyType: 'p256' }),
    [intermediate],
  );
  const rsa = writeWorkload(
    dir,
    'rsa',
    issue({ subject: name('rsa-workload'), issuer: rsaRoot, keyType: 'rsa2048' }),
    [],
  );
  const mldsa = writeWorkload(
    dir,
    'mldsa',
    issue({ subject: name('mldsa-workload'), issuer: mldsaRoot, keyType: 'ml-dsa-65' }),
    [],
  );
  return {
    server,
    setup,
    dir,
    p256,
    rsa,
    mldsa,
    roots: { p256: p256Root, intermediate, rsa: rsaRoot, mldsa: mldsaRoot },
    arnFlags: [
      '--trust-anchor-arn',
      setup.trustAnchorArn,
      '--profile-arn',
      setup.profileArn,
      '--role-arn',
      setup.roleArn,
      '--endpoint',
      server.url,
    ],
    createSessionCount: () =>
      server.logs.filter((l) => l.msg === 'request' && l.path === '/sessions' && l.status === 201).length,
  };
}

export function writeWorkload(
  dir: string,
  label: string,
  identity: TestIdentity,
  chain: readonly TestIdentity[],
): Workload {
  const certFile = join(dir, `${label}.pem`);
  const keyFile = join(dir, `${label}.key`);
  const chainFile = join(dir, `${label}-chain.pem`);
  writeFileSync(certFile, identity.pem);
  writeFileSync(keyFile, identity.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(chainFile, chain.map((c) => c.pem).join(''));
  return { certFile, keyFile, chainFile, identity };
}

export function keyFlags(workload: Workload): string[] {
  return [
    '--certificate',
    workload.certFile,
    '--private-key',
    workload.keyFile,
    '--intermediates',
    workload.chainFile,
  ];
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  /** The same, as bytes (sign-string --format bin). */
  readonly stdoutBytes?: Buffer;
  readonly stderr: string;
}

/** Runs `anchorage <args>` in a child process (Node 24), with an optional stdin and extra environment. */
export function runAnchorage(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ANCHORAGE_BIN, ...args], {
      env: {
        PATH: TEST_PATH,
        HOME: options.env?.HOME ?? mkdtempSync(join(tmpdir(), 'anchorage-home-')),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      // A new session has no controlling terminal, so a password prompt can never wait on one.
      detached: true,
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const bytes = Buffer.concat(chunks);
      resolve({ code: code ?? -1, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs a program (aws, python3, node) with a clean environment plus `env`. */
export function runProgram(
  program: string,
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      // The real HOME: the AWS CLI and python3 are pyenv shims here, which find Python through it.
      env: { PATH: TEST_PATH, HOME: process.env.HOME ?? tmpdir(), ...env },
      cwd: options.cwd ?? REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export { control };

export interface BackgroundCommand {
  /** Resolves to the first stdout line matching. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

/** Starts `anchorage <args>` that keeps running (serve, update without --once). */
export function startAnchorage(args: readonly string[], env: Record<string, string> = {}): BackgroundCommand {
  const child = spawn(process.execPath, [ANCHORAGE_BIN, ...args], {
    env: { PATH: TEST_PATH, HOME: mkdtempSync(join(tmpdir(), 'anchorage-home-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.unref();
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.on('exit', () => child.kill('SIGKILL'));
  return {
    async waitForLine(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = stdout.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) return line;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(
            `no line matching ${pattern} (exit ${child.exitCode}); stdout: ${stdout}; stderr: ${stderr}`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
