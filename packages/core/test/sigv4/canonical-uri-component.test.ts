/**
 * The canonical query's fast path (`canonicalUriComponent`) must give exactly what the decode →
 * encode round trip gives, for any text: it only skips the round trip where the text is its own
 * canonical form.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalUriComponent,
  percentDecodeToBytes,
  uriEncodeBytes,
} from '@anchorage/core/sigv4/uri-encode';
import fc from 'fast-check';

const roundTrip = (text: string) => uriEncodeBytes(percentDecodeToBytes(text));

// Pieces a query string is made of: unreserved characters, escapes in both cases (of unreserved
// and reserved bytes), broken escapes, reserved characters and non-ASCII text.
const piece = fc.oneof(
  fc.constantFrom(
    'a',
    'Z',
    '9',
    '-',
    '_',
    '.',
    '~',
    '%',
    '%4',
    '%G1',
    '+',
    ' ',
    '/',
    ':',
    'é',
    '☃',
    '\u{1F600}',
  ),
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`),
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
  fc.string({ maxLength: 4 }),
);

test('ok/canonicalUriComponent equals the decode-encode round trip for any text', () => {
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 24 }).map((parts) => parts.join('')),
      (text) => {
        assert.equal(canonicalUriComponent(text), roundTrip(text));
      },
    ),
    { numRuns: 20_000 },
  );
});

test('ok/already-canonical text is returned as it is; escapes of unreserved bytes and lower-case hex are not', () => {
  const arn = 'arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A000000000000%3Aprofile%2Fabc';
  assert.equal(canonicalUriComponent(arn), arn);
  assert.equal(canonicalUriComponent('%41b'), 'Ab');
  assert.equal(canonicalUriComponent('a%3ab'), 'a%3Ab');
  assert.equal(canonicalUriComponent('a b+'), 'a%20b%2B');
  assert.equal(canonicalUriComponent('%'), '%25');
});
