import { Buffer } from 'node:buffer';
import { validationError } from '../errors.ts';

export interface PemBlock {
  /** The label between BEGIN and END, e.g. `CERTIFICATE`, `X509 CRL`. */
  readonly label: string;
  readonly der: Uint8Array;
}

// RFC 7468 §3: label characters are printable ASCII except '-', single spaces or hyphens between.
const BEGIN = /^-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?-----$/;
const END = /^-----END ([\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?-----$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Every PEM block of `text`, in order (RFC 7468). Text outside the blocks is ignored, as §5.2
 * allows explanatory text; line endings may be LF or CRLF. Inside a block, anything that is not
 * canonical base64 is refused: a silently skipped character would change the certificate.
 */
export function decodePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let label: string | null = null;
  let body: string[] = [];
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.trim();
    if (label === null) {
      const begin = BEGIN.exec(line);
      if (begin !== null) {
        label = begin[1] ?? '';
        body = [];
      } else if (line.startsWith('-----END ')) {
        throw validationError(`PEM text has an END line without a matching BEGIN line: ${line}`);
      }
      continue;
    }
    const end = END.exec(line);
    if (end !== null) {
      const endLabel = end[1] ?? '';
      if (endLabel !== label) {
        throw validationError(
          `PEM block ${blocks.length + 1} begins as '${label}' but ends as '${endLabel}'`,
        );
      }
      blocks.push({ label, der: decodeBase64(body.join(''), blocks.length + 1, label) });
      label = null;
    } else if (line.startsWith('-----')) {
      throw validationError(`PEM block ${blocks.length + 1} ('${label}') is not closed before: ${line}`);
    } else {
      body.push(line.replace(/[ \t]+/g, ''));
    }
  }
  if (label !== null) throw validationError(`PEM block ${blocks.length + 1} ('${label}') has no END line`);
  return blocks;
}

function decodeBase64(text: string, position: number, label: string): Uint8Array {
  const problem = `PEM block ${position} ('${label}') is not valid base64`;
  if (text.length === 0) throw validationError(`PEM block ${position} ('${label}') is empty`);
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw validationError(problem);
  const bytes = Buffer.from(text, 'base64');
  // Round-tripping refuses non-zero padding bits, which Buffer would silently drop.
  if (bytes.toString('base64') !== text) throw validationError(problem);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** RFC 7468 §2: base64 in 64-character lines between BEGIN and END, ending with a newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}-----END ${label}-----\n`;
}
