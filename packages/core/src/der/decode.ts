import { validationError } from '../errors.ts';
import { DEFAULT_DER_LIMITS, type DerLimits } from './limits.ts';
import { DerNode } from './node.ts';
import { describeTag, TagClass, type TagClassValue, universalFormIsValid } from './tags.ts';

interface DecodeContext {
  readonly input: Uint8Array;
  readonly what: string;
  readonly limits: DerLimits;
  elements: number;
}

/**
 * Decodes exactly one DER element that spans the whole input, and every element nested in it,
 * enforcing the Distinguished Encoding Rules of X.690 §10: definite lengths in their shortest
 * form, the shortest tag encoding, and the fixed primitive/constructed form of universal types.
 * `what` names the input in error messages ("certificate", "CRL", …).
 *
 * Decoding the whole tree up front means a structure is either entirely well-formed or refused
 * here, before any field of it is interpreted.
 */
export function decodeDer(input: Uint8Array, what: string, limits: DerLimits = DEFAULT_DER_LIMITS): DerNode {
  if (input.length === 0) throw validationError(`${what} is empty`);
  if (input.length > limits.maxBytes) {
    throw validationError(`${what} is ${input.length} bytes long; the limit is ${limits.maxBytes} bytes`);
  }
  const context: DecodeContext = { input, what, limits, elements: 0 };
  const node = decodeElement(context, 0, input.length, 1);
  if (node.end !== input.length) {
    throw validationError(
      `${what} has ${input.length - node.end} unexpected bytes after its DER encoding (at offset ${node.end})`,
    );
  }
  return node;
}

function decodeElement(context: DecodeContext, start: number, limit: number, depth: number): DerNode {
  const { input, limits } = context;
  if (depth > limits.maxDepth) {
    throw failure(context, start, `is nested deeper than ${limits.maxDepth} levels`);
  }
  context.elements += 1;
  if (context.elements > limits.maxElements) {
    throw failure(context, start, `has more than ${limits.maxElements} DER elements`);
  }

  let position = start;
  const identifier = byteAt(context, position, limit, 'identifier octet');
  position += 1;
  const tagClass = (identifier >> 6) as TagClassValue;
  const constructed = (identifier & 0x20) !== 0;
  let tagNumber = identifier & 0x1f;
  if (tagNumber === 0x1f) {
    // High-tag-number form (X.690 §8.1.2.4): base-128, no leading 0x80 octet, and only for
    // numbers that do not fit the low form.
    tagNumber = 0;
    for (let count = 0; ; count += 1) {
      const octet = byteAt(context, position, limit, 'tag number');
      position += 1;
      if (count === 0 && octet === 0x80) {
        throw failure(context, start, 'has a tag number with a leading zero octet (X.690 §8.1.2.4.2)');
      }
      if (count === 3) throw failure(context, start, 'has a tag number longer than 3 octets');
      tagNumber = tagNumber * 128 + (octet & 0x7f);
      if ((octet & 0x80) === 0) break;
    }
    if (tagNumber < 0x1f) {
      throw failure(context, start, `encodes tag number ${tagNumber} in the long form (X.690 §10.1)`);
    }
  }
  if (tagClass === TagClass.universal) {
    if (tagNumber === 0) throw failure(context, start, 'contains an end-of-contents marker (X.690 §10.1)');
    if (!universalFormIsValid(tagNumber, constructed)) {
      const form = constructed ? 'constructed' : 'primitive';
      throw failure(
        context,
        start,
        `uses the ${form} form for ${describeTag(tagClass, tagNumber, constructed)} (X.690 §10.2)`,
      );
    }
  }

  const firstLengthOctet = byteAt(context, position, limit, 'length');
  position += 1;
  let length: number;
  if (firstLengthOctet < 0x80) {
    length = firstLengthOctet;
  } else if (firstLengthOctet === 0x80) {
    throw failure(context, start, 'uses an indefinite length, which DER forbids (X.690 §10.1)');
  } else {
    const count = firstLengthOctet & 0x7f;
    // Four octets already describe 4 GiB, far beyond any input we accept.
    if (count > 4) throw failure(context, start, `has a length field of ${count} octets`);
    length = 0;
    for (let index = 0; index < count; index += 1) {
      const octet = byteAt(context, position, limit, 'length');
      position += 1;
      if (index === 0 && octet === 0) {
        throw failure(context, start, 'has a length with a leading zero octet (X.690 §10.1)');
      }
      length = length * 256 + octet;
    }
    if (length < 0x80) {
      throw failure(context, start, `encodes length ${length} in the long form (X.690 §10.1)`);
    }
  }
  if (length > limit - position) {
    throw failure(
      context,
      start,
      `declares ${length} content bytes but only ${limit - position} remain in its container`,
    );
  }

  const contentStart = position;
  const contentEnd = contentStart + length;
  const children: DerNode[] = [];
  if (constructed) {
    let childStart = contentStart;
    while (childStart < contentEnd) {
      const child = decodeElement(context, childStart, contentEnd, depth + 1);
      children.push(child);
      childStart = child.end;
    }
  }
  return new DerNode({
    input,
    tagClass,
    constructed,
    tagNumber,
    offset: start,
    headerLength: contentStart - start,
    contentLength: length,
    children,
  });
}

function byteAt(context: DecodeContext, position: number, limit: number, part: string): number {
  const value = position < limit ? context.input[position] : undefined;
  if (value === undefined) {
    throw validationError(`${context.what} is truncated: its DER ${part} at offset ${position} is missing`);
  }
  return value;
}

function failure(context: DecodeContext, offset: number, problem: string) {
  return validationError(`${context.what} is not valid DER: the element at offset ${offset} ${problem}`);
}
