import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalQuery } from '@anchorage/core/sigv4/canonical-query';
import { decodeQueryParameters } from '@anchorage/core/sigv4/query-parameters';

test('ok/canonical-query: empty query is the empty string', () => {
  assert.equal(canonicalQuery(''), '');
});

test('ok/canonical-query: "+" is a literal plus, never a space', () => {
  assert.equal(canonicalQuery('a=b+c'), 'a=b%2Bc');
  assert.equal(canonicalQuery('a=b%2Bc'), 'a=b%2Bc');
  assert.equal(canonicalQuery('a=b%20c'), 'a=b%20c');
});

test('ok/canonical-query: names and values are decoded, then re-encoded with upper-case hex', () => {
  assert.equal(canonicalQuery('a=%7e'), 'a=~');
  assert.equal(canonicalQuery('a=%3a'), 'a=%3A');
  assert.equal(canonicalQuery('%61=1'), 'a=1');
  assert.equal(canonicalQuery('a=b=c'), 'a=b%3Dc');
  assert.equal(canonicalQuery("a=*!'()"), 'a=%2A%21%27%28%29');
});

test('ok/canonical-query: the A1 ARNs keep their encoding', () => {
  const arn = 'roleArn=arn%3Aaws%3Aiam%3A%3A291738886548%3Arole%2Frolesanywhere1';
  assert.equal(canonicalQuery(arn), arn);
  assert.equal(canonicalQuery('roleArn=arn:aws:iam::291738886548:role/rolesanywhere1'), arn);
});

test('ok/canonical-query: sorted by encoded name, then encoded value', () => {
  assert.equal(canonicalQuery('b=1&a=2&a=1'), 'a=1&a=2&b=1');
  assert.equal(canonicalQuery('Param2=value2&Param1=value1'), 'Param1=value1&Param2=value2');
  assert.equal(canonicalQuery('a=x&A=y'), 'A=y&a=x');
  // Encoded order, not decoded order: "%7F" sorts before "~" although 0x7F > 0x7E.
  assert.equal(canonicalQuery('a~=1&a%7F=2'), 'a%7F=2&a~=1');
});

test('ok/canonical-query: a name without "=" has an empty value; empty pieces are skipped', () => {
  assert.equal(canonicalQuery('a'), 'a=');
  assert.equal(canonicalQuery('a='), 'a=');
  assert.equal(canonicalQuery('a=1&&b=2&'), 'a=1&b=2');
});

test('ok/canonical-query: a "%" not followed by two hex digits is a literal percent', () => {
  assert.equal(canonicalQuery('a=%zz'), 'a=%25zz');
  assert.equal(canonicalQuery('a=%'), 'a=%25');
  assert.equal(canonicalQuery('a=%4'), 'a=%254');
});

test('ok/canonical-query: raw UTF-8 and invalid UTF-8 bytes are encoded byte by byte', () => {
  assert.equal(canonicalQuery('ሴ=bar'), '%E1%88%B4=bar');
  assert.equal(canonicalQuery('a=%FF'), 'a=%FF');
});

test('ok/canonical-query: excluded names (presigned X-Amz-Signature) are left out', () => {
  assert.equal(canonicalQuery('X-Amz-Signature=abc&b=1', { exclude: ['X-Amz-Signature'] }), 'b=1');
});

test('ok/query-parameters: decodeQueryParameters reads "+" as a plus, like the canonicalisation', () => {
  assert.deepEqual(decodeQueryParameters('roleArn=a%2Bb+c&x'), [
    ['roleArn', 'a+b+c'],
    ['x', ''],
  ]);
});
