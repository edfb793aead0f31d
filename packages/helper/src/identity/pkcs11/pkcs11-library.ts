/**
 * Loading a PKCS#11 module through pkcs11js, an optional native addon: imported only when a
 * `pkcs11:` URI is used, so the helper works without it. A module is initialized once per process
 * (PKCS#11 v2.40 §5.4: a second C_Initialize returns CKR_CRYPTOKI_ALREADY_INITIALIZED), so opened
 * modules are shared and counted, and C_Finalize runs when the last user releases it.
 */
import { realpathSync } from 'node:fs';
import type * as Pkcs11js from 'pkcs11js';
import { describeModuleError, Pkcs11Error, returnCodeOf } from './pkcs11-error.ts';

/** The pkcs11js module: the PKCS11 class and the CK* constants. */
export type Pkcs11Constants = typeof Pkcs11js;
export type Pkcs11 = Pkcs11js.PKCS11;

export interface Pkcs11Library {
  readonly path: string;
  readonly p11: Pkcs11;
  readonly ck: Pkcs11Constants;
  /** Gives the module back; the last release finalizes it. */
  release(): void;
}

interface Entry {
  readonly p11: Pkcs11;
  readonly ck: Pkcs11Constants;
  /** Whether our C_Initialize did it (else someone else in the process owns C_Finalize). */
  readonly owned: boolean;
  users: number;
}

const opened = new Map<string, Entry>();

/** p11-kit's proxy module sees every module the system registered, as the official helper assumes. */
export function defaultLibraryPath(): string {
  if (process.platform === 'darwin') return 'p11-kit-proxy.dylib';
  if (process.platform === 'win32') return 'p11-kit-proxy.dll';
  return 'p11-kit-proxy.so';
}

async function importPkcs11js(): Promise<Pkcs11Constants> {
  try {
    // CommonJS: its exports are built at run time, so only `default` is reliable.
    const imported = (await import('pkcs11js')) as { default?: Pkcs11Constants };
    if (imported.default === undefined) throw new Error('pkcs11js has no default export');
    return imported.default;
  } catch (error) {
    throw new Pkcs11Error(
      'PKCS#11 support needs the optional dependency pkcs11js (a native addon), which is not ' +
        'installed or did not build: run `npm install pkcs11js` where @anchorage/helper is installed ' +
        '(it needs a C++ toolchain), or use a key file instead of a pkcs11: URI',
      { cause: error },
    );
  }
}

/** Same module, same entry: a dlopen of one file through two paths returns one handle. */
function registryKey(path: string): string {
  if (!path.includes('/') && !path.includes('\\')) return path;
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export async function openPkcs11Library(path: string): Promise<Pkcs11Library> {
  const ck = await importPkcs11js();
  const key = registryKey(path);
  let entry = opened.get(key);
  if (entry === undefined) {
    const p11 = new ck.PKCS11();
    try {
      p11.load(path);
    } catch (error) {
      throw new Pkcs11Error(
        `cannot load the PKCS#11 library ${JSON.stringify(path)} (${describeModuleError(error)}): ` +
          'give the module file with --pkcs11-lib or module-path= in the URI',
        { cause: error },
      );
    }
    let owned = true;
    try {
      p11.C_Initialize();
    } catch (error) {
      if (returnCodeOf(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        p11.close();
        throw new Pkcs11Error(
          `the PKCS#11 library ${JSON.stringify(path)} failed to initialize (${describeModuleError(error)})`,
          { cause: error, returnCode: returnCodeOf(error) },
        );
      }
      // Another user of this module in the process initialized it; it finalizes it too.
      owned = false;
    }
    entry = { p11, ck, owned, users: 0 };
    opened.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    path,
    p11: held.p11,
    ck,
    release() {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0) return;
      opened.delete(key);
      try {
        if (held.owned) held.p11.C_Finalize();
      } catch {
        // Nothing useful to do: the process is done with the module either way.
      }
      held.p11.close();
    },
  };
}
