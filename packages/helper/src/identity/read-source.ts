/**
 * Where key material comes from. Files, as the official helper reads them, and, because CI systems
 * should not have to write keys to disk, values: `env:NAME` reads an environment variable and `-`
 * reads standard input. `file:PATH` names a file whose path would otherwise look like one of those.
 * A value is PEM text, or base64 of DER/PKCS#12 bytes (what a CI secret store holds best).
 */
import { HelperError } from '../helper-error.ts';

export interface SourceReaders {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Buffer;
  /** Standard input, read once and shared by every `-` source. */
  readonly readStdin: () => Buffer;
}

export interface SourceBytes {
  readonly bytes: Buffer;
  /** For messages: `file /path`, `environment variable NAME`, `standard input`. */
  readonly description: string;
}

export function readSource(spec: string, what: string, readers: SourceReaders): SourceBytes {
  if (spec === '-') {
    return { bytes: decodeValue(readers.readStdin(), what, 'standard input'), description: 'standard input' };
  }
  if (spec.startsWith('env:')) {
    const name = spec.slice(4);
    const value = readers.env[name];
    const description = `environment variable ${name}`;
    if (name === '' || value === undefined || value.trim() === '') {
      throw new HelperError(`the ${what} was to come from ${description}, which is not set or empty`);
    }
    return { bytes: decodeValue(Buffer.from(value, 'utf8'), what, description), description };
  }
  const path = spec.startsWith('file:') ? spec.slice(5) : spec;
  const description = `file ${path}`;
  try {
    return { bytes: readers.readFile(path), description };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : String((error as Error).message);
    throw new HelperError(`cannot read the ${what} from ${description}: ${reason}`, { cause: error });
  }
}

/** PEM text stays as it is; anything else must be base64 (whitespace allowed) of the binary form. */
function decodeValue(raw: Buffer, what: string, description: string): Buffer {
  const text = raw.toString('latin1');
  if (text.includes('-----BEGIN ')) return raw;
  const compact = text.replace(/\s+/g, '');
  if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    return Buffer.from(compact, 'base64');
  }
  throw new HelperError(`the ${what} in ${description} is neither PEM text nor base64`);
}
