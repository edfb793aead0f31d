/**
 * Throw-away SoftHSM2 tokens for tests, made with the real tools: `softhsm2-util` initializes
 * the token and imports keys, OpenSC's `pkcs11-tool` writes certificates (and keys that need
 * CKA_ALWAYS_AUTHENTICATE, which softhsm2-util cannot set). pkcs11-tool ignores --private for
 * certificates, so a private one is copied with CKA_PRIVATE set (C_CopyObject, PKCS#11 v2.40
 * §5.7; SoftHSM refuses C_SetAttributeValue on it) by a pkcs11js script in a child process.
 *
 * Each token lives in its own temporary directory with its own softhsm2.conf; SoftHSM reads the
 * file named by SOFTHSM2_CONF at C_Initialize. A helper subprocess gets `token.env` in its
 * environment; in-process code sets `process.env.SOFTHSM2_CONF` before opening the module (the
 * module is initialized once per process while open, so tokens used at the same time must share
 * a conf: make them with `token.addToken(...)`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmKey {
  /** CKA_LABEL of the key (and of its certificate, if `certDer` is given). */
  readonly label: string;
  /** CKA_ID in hex, e.g. `01`. */
  readonly idHex: string;
  /** The private key as unencrypted PKCS#8 PEM (`openssl genpkey` output). */
  readonly keyPem: string;
  /** A DER certificate to store next to the key, with the same label and CKA_ID. */
  readonly certDer?: Buffer;
  /** Set CKA_ALWAYS_AUTHENTICATE: the token then asks for the PIN before each signature. */
  readonly alwaysAuthenticate?: boolean;
}

export interface SoftHsmCertificate {
  readonly label: string;
  readonly idHex: string;
  readonly der: Buffer;
  /** CKA_PRIVATE: visible only after login. */
  readonly private?: boolean;
}

export interface SoftHsmTokenOptions {
  readonly label: string;
  /** User PIN (CKU_USER). */
  readonly pin: string;
  /** Security officer PIN; default `5678`. */
  readonly soPin?: string;
  readonly keys?: readonly SoftHsmKey[];
  /** Certificates without a key of their own (a CA, a second certificate for one key). */
  readonly certificates?: readonly SoftHsmCertificate[];
}

export interface SoftHsmUriOptions {
  /** object= (CKA_LABEL). */
  readonly object?: string;
  /** id= (CKA_ID) as hex; written percent-encoded. */
  readonly idHex?: string;
  readonly type?: 'cert' | 'private';
  /** `?pin-value=`: true (the default) for the token's PIN, a string for another, false for none. */
  readonly pin?: boolean | string;
  /** `module-path=` the SoftHSM module; default false. */
  readonly modulePath?: boolean;
}

export interface SoftHsmToken {
  readonly label: string;
  readonly pin: string;
  readonly soPin: string;
  /** The directory holding softhsm2.conf and the token files. */
  readonly dir: string;
  /** Environment for whatever loads the module (a helper subprocess, or process.env in-process). */
  readonly env: { readonly SOFTHSM2_CONF: string };
  readonly module: string;
  /** `pkcs11:token=<label>[;object=…][;id=…][;type=…][?pin-value=…][&module-path=…]`. */
  uri(options?: SoftHsmUriOptions): string;
  /** Another token under the same softhsm2.conf, so one initialized module sees both. */
  addToken(options: SoftHsmTokenOptions): Promise<SoftHsmToken>;
  /** Deletes the directory (every token of this conf). */
  remove(): Promise<void>;
}

/** Whether SoftHSM2 and pkcs11-tool are installed, for `skip` in tests. */
export function softHsmAvailable(): boolean {
  return existsSync(SOFTHSM2_MODULE) && ['softhsm2-util', 'pkcs11-tool'].every(onPath);
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** RFC 7512 path value: unreserved characters as they are, the rest percent-encoded. */
function encodeValue(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

async function tool(command: string, args: readonly string[], conf: string): Promise<void> {
  try {
    await run(command, args, { env: { ...process.env, SOFTHSM2_CONF: conf } });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args[0] ?? ''} failed: ${stderr ?? ''}${stdout ?? ''}`.trim(), {
      cause: error,
    });
  }
}

/** Runs in a child process, so that it initializes SoftHSM with the token's conf, not ours. */
const MAKE_PRIVATE = `
const [pkcs11js, module, label, pin, objectLabel] = JSON.parse(process.argv[1]);
const { default: ck } = await import(pkcs11js);
const p11 = new ck.PKCS11();
p11.load(module);
p11.C_Initialize();
const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trimEnd() === label);
const session = p11.C_OpenSession(slot, ck.CKF_SERIAL_SESSION | ck.CKF_RW_SESSION);
p11.C_Login(session, ck.CKU_USER, pin);
p11.C_FindObjectsInit(session, [{ type: ck.CKA_CLASS, value: ck.CKO_CERTIFICATE }, { type: ck.CKA_LABEL, value: objectLabel }]);
const found = p11.C_FindObjects(session, 10);
p11.C_FindObjectsFinal(session);
for (const handle of found) {
  p11.C_CopyObject(session, handle, [{ type: ck.CKA_PRIVATE, value: true }]);
  p11.C_DestroyObject(session, handle);
}
p11.C_CloseSession(session);
p11.C_Finalize();
`;

async function makeCertificatePrivate(
  conf: string,
  label: string,
  pin: string,
  objectLabel: string,
): Promise<void> {
  const pkcs11js = pathToFileURL(createRequire(import.meta.url).resolve('pkcs11js')).href;
  const args = JSON.stringify([pkcs11js, SOFTHSM2_MODULE, label, pin, objectLabel]);
  await tool(process.execPath, ['--input-type=module', '-e', MAKE_PRIVATE, args], conf);
}

async function makeToken(dir: string, conf: string, options: SoftHsmTokenOptions): Promise<SoftHsmToken> {
  const soPin = options.soPin ?? '5678';
  const { label, pin } = options;
  await tool(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin],
    conf,
  );
  const work = await mkdtemp(join(dir, 'objects-'));
  const p11tool = (args: readonly string[]) =>
    tool(
      'pkcs11-tool',
      ['--module', SOFTHSM2_MODULE, '--token-label', label, '--login', '--pin', pin, ...args],
      conf,
    );
  const writeCertificate = async (cert: SoftHsmCertificate, file: string) => {
    await writeFile(file, cert.der);
    await p11tool(['--write-object', file, '--type', 'cert', '--id', cert.idHex, '--label', cert.label]);
    if (cert.private === true) await makeCertificatePrivate(conf, label, pin, cert.label);
  };
  let n = 0;
  for (const key of options.keys ?? []) {
    const keyFile = join(work, `key-${++n}.pem`);
    await writeFile(keyFile, key.keyPem, { mode: 0o600 });
    if (key.alwaysAuthenticate === true) {
      const args = [
        '--type',
        'privkey',
        '--id',
        key.idHex,
        '--label',
        key.label,
        '--usage-sign',
        '--always-auth',
      ];
      await p11tool(['--write-object', keyFile, ...args]);
    } else {
      const args = ['--token', label, '--label', key.label, '--id', key.idHex, '--pin', pin, '--force'];
      await tool('softhsm2-util', ['--import', keyFile, ...args], conf);
    }
    if (key.certDer !== undefined) {
      await writeCertificate(
        { label: key.label, idHex: key.idHex, der: key.certDer },
        join(work, `cert-${n}.der`),
      );
    }
  }
  for (const cert of options.certificates ?? []) await writeCertificate(cert, join(work, `cert-${++n}.der`));
  await rm(work, { recursive: true, force: true });

  return {
    label,
    pin,
    soPin,
    dir,
    env: { SOFTHSM2_CONF: conf },
    module: SOFTHSM2_MODULE,
    uri(o = {}) {
      const path = [`token=${encodeValue(label)}`];
      if (o.object !== undefined) path.push(`object=${encodeValue(o.object)}`);
      if (o.idHex !== undefined) path.push(`id=${o.idHex.replace(/(..)/g, '%$1').toUpperCase()}`);
      if (o.type !== undefined) path.push(`type=${o.type}`);
      const query: string[] = [];
      const pinValue = o.pin === false ? undefined : typeof o.pin === 'string' ? o.pin : pin;
      if (pinValue !== undefined) query.push(`pin-value=${encodeValue(pinValue)}`);
      if (o.modulePath === true) query.push(`module-path=${SOFTHSM2_MODULE}`);
      return `pkcs11:${path.join(';')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
    },
    addToken: (more) => makeToken(dir, conf, more),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh SoftHSM2 home with one initialized token holding `keys` and `certificates`. */
export async function createSoftHsmToken(options: SoftHsmTokenOptions): Promise<SoftHsmToken> {
  const dir = await mkdtemp(join(tmpdir(), 'anchorage-softhsm-'));
  await mkdir(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  await writeFile(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  try {
    return await makeToken(dir, conf, options);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
