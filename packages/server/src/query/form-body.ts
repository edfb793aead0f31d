/**
 * Reads a query-protocol request body: `application/x-www-form-urlencoded` (the WHATWG URL
 * standard's form encoding, which botocore's QuerySerializer and the AWS SDKs produce). Unlike a
 * request-line query string, here `+` is a space and `%XX` a UTF-8 byte.
 *
 * Hostile input is refused before it can cost much: the body size is already capped, the number
 * of parameters and the length of a name are capped here, repeated names are refused (a query
 * client never repeats one; accepting the first or the last would be a silent guess), and
 * invalid UTF-8 or a broken escape is refused rather than replaced.
 */
import { AnchorageError } from '@anchorage/core/errors';

/** Far above what any IAM or STS call needs (a SimulateCustomPolicy with 1,000 context entries). */
export const MAX_FORM_PARAMETERS = 10_000;
/** The longest parameter name the models can produce is under 100 characters. */
export const MAX_PARAMETER_NAME_LENGTH = 256;

export type FormParameters = ReadonlyMap<string, string>;

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

export function parseFormBody(body: Buffer, contentType: string | undefined): FormParameters {
  if (contentType !== undefined && contentType.split(';')[0]?.trim().toLowerCase() !== FORM_MEDIA_TYPE) {
    throw malformed(`The request body must be ${FORM_MEDIA_TYPE}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw malformed('The request body is not valid UTF-8');
  }
  const params = new Map<string, string>();
  if (text === '') return params;
  let count = 0;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    if (++count > MAX_FORM_PARAMETERS) {
      throw malformed(`The request has more than ${MAX_FORM_PARAMETERS} parameters`);
    }
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    if (rawName.length > MAX_PARAMETER_NAME_LENGTH * 3) throw tooLong();
    const name = decodeFormComponent(rawName);
    if (name.length > MAX_PARAMETER_NAME_LENGTH) throw tooLong();
    if (name === '') throw malformed('The request contains a parameter without a name');
    if (params.has(name)) {
      throw malformed(`The parameter ${printable(name)} appears more than once`);
    }
    params.set(name, eq === -1 ? '' : decodeFormComponent(pair.slice(eq + 1)));
  }
  return params;
}

/** One name or value: `+` → space, then `%XX` sequences as UTF-8 (WHATWG form decoding). */
export function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw malformed('The request body contains an invalid percent-encoding');
  }
}

/** A parameter name as safe to echo: printable ASCII only, cut short. */
export function printable(name: string): string {
  const shown = name.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 64 ? `${shown.slice(0, 64)}…` : shown;
}

function tooLong(): AnchorageError {
  return malformed(`A parameter name is longer than ${MAX_PARAMETER_NAME_LENGTH} characters`);
}

function malformed(message: string): AnchorageError {
  return new AnchorageError('SerializationException', message);
}
