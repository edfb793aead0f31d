import { Buffer } from 'node:buffer';
import type { DerLimits } from '@anchorage/core/der/limits';
import { malformed } from './pkcs12-error.ts';

/**
 * Re-encodes BER as DER where PKCS#12 writers are known to use BER (NSS and Bouncy Castle
 * stream their output): indefinite lengths (X.690 §8.1.3.6), non-minimal lengths, and
 * constructed OCTET STRINGs (§8.7.3), which become primitive ones. Everything else is copied,
 * so the strict DER decoder still judges the result. Contents of primitive elements are never
 * touched: what a MAC or signature covers stays byte for byte the same.
 */
export function berToDer(input: Uint8Array, what: string, limits: DerLimits): Buffer {
  const state: State = { input, what, limits, elements: 0 };
  const top = convert(state, 0, input.length, 1);
  if (top.end !== input.length) {
    throw malformed(`${what} has ${input.length - top.end} unexpected bytes after its encoding`);
  }
  return Buffer.concat(top.chunks);
}

interface State {
  readonly input: Uint8Array;
  readonly what: string;
  readonly limits: DerLimits;
  elements: number;
}

interface Converted {
  /** The DER encoding, as pieces. */
  readonly chunks: Uint8Array[];
  readonly length: number;
  /** Offset after the element (after its end-of-contents octets when indefinite). */
  readonly end: number;
  /** Contents of a (possibly flattened) OCTET STRING, for an enclosing constructed one. */
  readonly octets?: Uint8Array[];
  readonly isEndOfContents: boolean;
}

const OCTET_STRING = 0x04;

function convert(state: State, start: number, limit: number, depth: number): Converted {
  const { input, limits } = state;
  if (depth > limits.maxDepth) throw fail(state, start, `is nested deeper than ${limits.maxDepth} levels`);
  state.elements += 1;
  if (state.elements > limits.maxElements) throw fail(state, start, `has too many elements`);
  let position = start;
  const identifier = byte(state, position, limit);
  position += 1;
  if ((identifier & 0x1f) === 0x1f) {
    // High tag number: copy it through; the DER decoder checks its form.
    for (let count = 0; ; count += 1) {
      if (count === 4) throw fail(state, start, 'has a tag number longer than 4 octets');
      const octet = byte(state, position, limit);
      position += 1;
      if ((octet & 0x80) === 0) break;
    }
  }
  const tag = input.subarray(start, position);
  const constructed = (identifier & 0x20) !== 0;
  const first = byte(state, position, limit);
  position += 1;
  if (identifier === 0 && first === 0) {
    return { chunks: [], length: 0, end: position, isEndOfContents: true };
  }
  let contentEnd: number | undefined;
  if (first === 0x80) {
    if (!constructed) throw fail(state, start, 'is primitive with an indefinite length (X.690 §8.1.3.2)');
  } else if (first < 0x80) {
    contentEnd = position + first;
  } else {
    const count = first & 0x7f;
    if (count > 4) throw fail(state, start, `has a length field of ${count} octets`);
    let length = 0;
    for (let index = 0; index < count; index += 1) {
      length = length * 256 + byte(state, position, limit);
      position += 1;
    }
    contentEnd = position + length;
  }
  if (contentEnd !== undefined && contentEnd > limit) {
    throw fail(state, start, `declares more content bytes than remain in its container`);
  }

  if (!constructed) {
    const end = contentEnd ?? position;
    const content = input.subarray(position, end);
    const header = Buffer.concat([tag, encodeLength(content.length)]);
    const octets = identifier === OCTET_STRING ? [content] : undefined;
    return withOctets({ chunks: [header, content], length: header.length + content.length, end }, octets);
  }

  const children: Converted[] = [];
  const childLimit = contentEnd ?? limit;
  let childStart = position;
  for (;;) {
    if (contentEnd !== undefined && childStart === contentEnd) break;
    const child = convert(state, childStart, childLimit, depth + 1);
    childStart = child.end;
    if (child.isEndOfContents) {
      if (contentEnd === undefined) break;
      throw fail(state, start, 'contains an end-of-contents marker inside a definite length');
    }
    children.push(child);
  }
  if ((identifier & ~0x20) === OCTET_STRING) {
    // X.690 §8.7.3.2: a constructed OCTET STRING is the concatenation of its OCTET STRINGs.
    const octets: Uint8Array[] = [];
    for (const child of children) {
      if (child.octets === undefined)
        throw fail(state, start, 'is a constructed OCTET STRING holding another type');
      octets.push(...child.octets);
    }
    const content = Buffer.concat(octets);
    const header = Buffer.concat([Buffer.of(OCTET_STRING), encodeLength(content.length)]);
    return withOctets(
      { chunks: [header, content], length: header.length + content.length, end: childStart },
      [content],
    );
  }
  const contentLength = children.reduce((sum, child) => sum + child.length, 0);
  const header = Buffer.concat([tag, encodeLength(contentLength)]);
  return {
    chunks: [header, ...children.flatMap((child) => child.chunks)],
    length: header.length + contentLength,
    end: childStart,
    isEndOfContents: false,
  };
}

function withOctets(
  base: { chunks: Uint8Array[]; length: number; end: number },
  octets: Uint8Array[] | undefined,
): Converted {
  return octets === undefined
    ? { ...base, isEndOfContents: false }
    : { ...base, octets, isEndOfContents: false };
}

/** X.690 §10.1: the shortest definite form. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.of(0x80 | octets.length, ...octets);
}

function byte(state: State, position: number, limit: number): number {
  const value = position < limit ? state.input[position] : undefined;
  if (value === undefined) throw malformed(`${state.what} is truncated at offset ${position}`);
  return value;
}

function fail(state: State, offset: number, problem: string) {
  return malformed(`${state.what} is not valid BER: the element at offset ${offset} ${problem}`);
}
