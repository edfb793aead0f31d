/**
 * Form bodies as browsers send them: `application/x-www-form-urlencoded`, and
 * `multipart/form-data` for forms with a file (a PEM bundle or a CRL). The multipart reader is
 * deliberately small (RFC 7578): parts split at the boundary, each with a Content-Disposition
 * naming the field and perhaps a file; no nested multiparts, no transfer encodings. Limits are
 * checked before parsing: the body size by the caller, the number of fields here.
 */
import { AnchorageError } from '@anchorage/core/errors';

const MAX_FIELDS = 200;

export interface UploadedFile {
  readonly filename: string;
  readonly data: Buffer;
}

export interface FormFields {
  /** The first value of a text field ('' when absent). */
  text(name: string): string;
  /** Every value of a field (repeated inputs, multiple selects). */
  all(name: string): string[];
  has(name: string): boolean;
  /** An uploaded file that is not empty, if any. */
  file(name: string): UploadedFile | undefined;
}

function fields(values: Map<string, string[]>, files: Map<string, UploadedFile>): FormFields {
  return {
    text: (name) => values.get(name)?.[0] ?? '',
    all: (name) => [...(values.get(name) ?? [])],
    has: (name) => values.has(name) || files.has(name),
    file: (name) => files.get(name),
  };
}

function malformed(message: string): AnchorageError {
  return new AnchorageError('SerializationException', message);
}

function add(values: Map<string, string[]>, name: string, value: string): void {
  const list = values.get(name);
  if (list === undefined) values.set(name, [value]);
  else list.push(value);
}

export function parseFormBody(body: Buffer, contentType: string | undefined): FormFields {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(body, contentType ?? '');
  if (type.startsWith('application/x-www-form-urlencoded') || body.length === 0) {
    const values = new Map<string, string[]>();
    let count = 0;
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      if (++count > MAX_FIELDS) throw malformed('The form has too many fields');
      add(values, name, value);
    }
    return fields(values, new Map());
  }
  throw malformed('Forms must be sent as application/x-www-form-urlencoded or multipart/form-data');
}

function parseMultipart(body: Buffer, contentType: string): FormFields {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) throw malformed('The multipart form has no boundary');
  const delimiter = Buffer.from(`--${marker}`);
  const values = new Map<string, string[]>();
  const files = new Map<string, UploadedFile>();
  let at = body.indexOf(delimiter);
  let count = 0;
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw malformed('The multipart form is not closed');
    if (++count > MAX_FIELDS) throw malformed('The form has too many fields');
    // A part is CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) throw malformed('A part of the multipart form has no headers');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw malformed('A part of the multipart form has no field name');
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename === undefined) add(values, name, content.toString('utf8'));
    else if (content.length > 0) files.set(name, { filename, data: Buffer.from(content) });
    at = next;
  }
  return fields(values, files);
}
