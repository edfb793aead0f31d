/**
 * Reads every test server's log (`test-artifacts/server-logs/*.log`, written by
 * packages/server/test/support/server-log-file.ts) and fails if a line holds a secret:
 *
 * - a private key: a PEM block, or base64 DER that parses as a PKCS#8, SEC1 or PKCS#1 key;
 * - the administrator's secret access key of the log's data directory (admin-credentials);
 * - anything shaped like a secret access key (40 base64 characters, as auth/access-keys.ts makes
 *   them — long-term and temporary alike) or a session token (`ANC1` + base64url, see
 *   core/sts/session-token.ts);
 * - the data key (from the data directory's data.key or data.key.next, or, for a key given in the
 *   environment, matched by the SHA-256 the log's header carries);
 * - a console session cookie (`anchorage_console=` + 43 base64url characters), a console password
 *   hash (`scrypt$…`) or a `"password"` field.
 *
 *   node tools/scan-server-logs.ts [dir]         scan (exit 1 on a finding, listing file:line and kind)
 *   node tools/scan-server-logs.ts --reset [dir] empty the directory (`npm test` does so first)
 *
 * A finding names the kind and shows the first characters only: the report must not spread the
 * secret it found.
 */
import { createHash, createPrivateKey } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const DEFAULT_DIR = new URL('../test-artifacts/server-logs/', import.meta.url).pathname;
const HEADER_DATA_DIR = '# anchorage-test-server data-dir=';
const HEADER_DATA_KEY = '# data-key-sha256=';
const MAX_REPORTED = 200;

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly excerpt: string;
}

/** Secrets known by value for one log: its data directory's admin key and data keys. */
interface KnownSecrets {
  readonly values: { readonly kind: string; readonly text: string }[];
  readonly dataKeyHashes: Set<string>;
}

const B64_RUN = /[A-Za-z0-9+/]{40}(?:[A-Za-z0-9+/]*={0,2})/g;
const B64URL_RUN = /[A-Za-z0-9_-]{60,}/g;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const SESSION_TOKEN = /ANC1[A-Za-z0-9_-]{40,}/;
const CONSOLE_COOKIE = /anchorage_console=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
const PASSWORD_HASH = /scrypt\$\d+\$\d+\$\d+\$/;
const PASSWORD_FIELD = /"(?:password|newPassword|currentPassword|oldPassword)"\s*:\s*"[^"]/i;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;

function excerpt(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} characters)`;
}

/** A secret access key: 40 base64 characters of 30 random bytes. Hex digests (SHA-1) and words are not. */
function looksLikeSecretAccessKey(token: string): boolean {
  return token.length === 40 && /[A-Z]/.test(token) && /[a-z]/.test(token) && /[0-9+/]/.test(token);
}

function isPrivateKeyDer(der: Buffer): boolean {
  if (der.length < 32 || der[0] !== 0x30) return false;
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

function scanLine(text: string, known: KnownSecrets): { kind: string; excerpt: string }[] {
  const found: { kind: string; excerpt: string }[] = [];
  const pem = PEM_PRIVATE_KEY.exec(text);
  if (pem !== null) found.push({ kind: 'private key (PEM)', excerpt: pem[0] });
  for (const { kind, text: secret } of known.values) {
    if (text.includes(secret)) found.push({ kind, excerpt: excerpt(secret) });
  }
  const token = SESSION_TOKEN.exec(text);
  if (token !== null) found.push({ kind: 'session token', excerpt: excerpt(token[0]) });
  const cookie = CONSOLE_COOKIE.exec(text);
  if (cookie !== null) found.push({ kind: 'console session cookie', excerpt: excerpt(cookie[0]) });
  if (PASSWORD_HASH.test(text)) found.push({ kind: 'console password hash', excerpt: 'scrypt$…' });
  if (PASSWORD_FIELD.test(text)) found.push({ kind: 'password field', excerpt: '"password": …' });
  for (const match of text.matchAll(B64_RUN)) {
    // In a JSON log line a newline is `\n`: the `n` belongs to the escape, not to the run.
    const escaped = text[match.index - 1] === '\\';
    const run = escaped ? match[0].slice(1) : match[0];
    const before = escaped ? ' ' : (text[match.index - 1] ?? ' ');
    const after = text[match.index + match[0].length] ?? ' ';
    // Only a run standing alone: 40 characters inside a longer run are not a key of their own.
    if (BASE64_CHAR.test(before) || BASE64_CHAR.test(after)) continue;
    if (known.values.some((v) => v.text === run)) continue;
    if (looksLikeSecretAccessKey(run))
      found.push({ kind: 'secret access key (shape)', excerpt: excerpt(run) });
    else if (run.length === 44 && known.dataKeyHashes.has(createHash('sha256').update(run).digest('hex')))
      found.push({ kind: 'data key', excerpt: excerpt(run) });
    else if (run.length >= 60 && isPrivateKeyDer(Buffer.from(run, 'base64')))
      found.push({ kind: 'private key (base64 DER)', excerpt: excerpt(run) });
  }
  for (const match of text.matchAll(B64URL_RUN)) {
    if (/[-_]/.test(match[0]) && isPrivateKeyDer(Buffer.from(match[0], 'base64url')))
      found.push({ kind: 'private key (base64url DER)', excerpt: excerpt(match[0]) });
  }
  // One finding per kind and line is enough to point at it.
  return found.filter((f, i) => found.findIndex((g) => g.kind === f.kind) === i);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The forms a known secret could take in a log line: as is, URL-encoded, and for keys hex. */
function knownFromDataDir(dataDir: string, into: KnownSecrets): void {
  const credentials = readIfPresent(join(dataDir, 'admin-credentials'));
  const secret =
    credentials === undefined ? undefined : /aws_secret_access_key = (\S+)/.exec(credentials)?.[1];
  if (secret !== undefined) {
    into.values.push({ kind: 'administrator secret access key', text: secret });
    if (encodeURIComponent(secret) !== secret)
      into.values.push({ kind: 'administrator secret access key', text: encodeURIComponent(secret) });
  }
  for (const name of ['data.key', 'data.key.next']) {
    const text = readIfPresent(join(dataDir, name))?.trim();
    if (text === undefined || text === '') continue;
    const bytes = Buffer.from(text, 'base64');
    into.dataKeyHashes.add(createHash('sha256').update(text).digest('hex'));
    for (const form of [text, bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(text)])
      into.values.push({ kind: 'data key', text: form });
  }
}

async function scanFile(path: string, findings: Finding[]): Promise<number> {
  const known: KnownSecrets = { values: [], dataKeyHashes: new Set() };
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of lines) {
    lineNumber++;
    if (text.startsWith(HEADER_DATA_DIR)) {
      knownFromDataDir(text.slice(HEADER_DATA_DIR.length), known);
      continue;
    }
    if (text.startsWith(HEADER_DATA_KEY)) {
      known.dataKeyHashes.add(text.slice(HEADER_DATA_KEY.length).trim());
      continue;
    }
    for (const hit of scanLine(text, known)) findings.push({ file: path, line: lineNumber, ...hit });
  }
  return lineNumber;
}

async function main(argv: readonly string[]): Promise<number> {
  const reset = argv.includes('--reset');
  const dir = resolve(argv.find((a) => a !== '--reset') ?? DEFAULT_DIR);
  if (reset) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return 0;
  }
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.log'))
        .sort()
    : [];
  if (files.length === 0) {
    process.stdout.write(`scan-server-logs: no server logs in ${dir}; nothing to scan\n`);
    return 0;
  }
  const findings: Finding[] = [];
  let lines = 0;
  for (const name of files) lines += await scanFile(join(dir, name), findings);
  for (const f of findings.slice(0, MAX_REPORTED))
    process.stderr.write(`${f.file}:${f.line}: ${f.kind}: ${f.excerpt}\n`);
  if (findings.length > MAX_REPORTED)
    process.stderr.write(`… and ${findings.length - MAX_REPORTED} more findings\n`);
  process.stdout.write(
    `scan-server-logs: ${files.length} log files, ${lines} lines, ${findings.length} secrets found\n`,
  );
  return findings.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
