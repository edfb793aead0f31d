/** The validation cache: hits, expiry at validUntil, versions in the key, bounded size. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createValidationCache, validationCacheKey } from '@anchorage/core/x509/path/validation-cache';
import { cert, check, NOW } from './path-cases.ts';

function success() {
  const result = check({
    name: 'cached',
    leaf: 'leaf-a',
    crls: ['int-a'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  });
  assert.ok(result.ok);
  return result;
}
const input = { leaf: cert('leaf-a'), intermediates: [cert('int-a')] };

test('ok/hit: a stored success comes back for the same key', () => {
  const cache = createValidationCache(10);
  const key = validationCacheKey(input, 'anchor-v1', 'crls-v1');
  const result = success();
  cache.set(key, result, NOW);
  assert.equal(cache.get(key, NOW + 60_000), result);
});

test('ok/miss at and after validUntil (here the CRL’s nextUpdate)', () => {
  const cache = createValidationCache(10);
  const key = validationCacheKey(input, 'anchor-v1', 'crls-v1');
  const result = success();
  assert.equal(result.validUntil, Date.parse('2025-10-01T00:00:00Z'));
  cache.set(key, result, NOW);
  assert.equal(cache.get(key, result.validUntil - 1), result);
  assert.equal(cache.get(key, result.validUntil), undefined);
  assert.equal(cache.size, 0, 'the expired entry is dropped');
});

test('ok/miss before the latest notBefore on the path (a request dated earlier)', () => {
  const cache = createValidationCache(10);
  const key = validationCacheKey(input, 'a', 'c');
  cache.set(key, success(), NOW);
  assert.equal(cache.get(key, Date.parse('2025-05-31T23:59:59Z')), undefined);
});

test('ok/miss after an anchor or CRL version change; other chains have other keys', () => {
  const cache = createValidationCache(10);
  cache.set(validationCacheKey(input, 'anchor-v1', 'crls-v1'), success(), NOW);
  assert.equal(cache.get(validationCacheKey(input, 'anchor-v2', 'crls-v1'), NOW), undefined);
  assert.equal(cache.get(validationCacheKey(input, 'anchor-v1', 'crls-v2'), NOW), undefined);
  const other = { leaf: cert('leaf-a'), intermediates: [cert('int-a'), cert('root-b')] };
  assert.equal(cache.get(validationCacheKey(other, 'anchor-v1', 'crls-v1'), NOW), undefined);
  assert.notEqual(validationCacheKey(input, 'a,b', 'c'), validationCacheKey(input, 'a', 'b,c'));
});

test('ok/only successes are stored, and only while still valid', () => {
  const cache = createValidationCache(10);
  const failure = check({ name: 'failure', leaf: 'leaf-ca', expect: 'leaf-is-ca' });
  cache.set('k', failure, NOW);
  assert.equal(cache.size, 0);
  const result = success();
  cache.set('late', result, result.validUntil);
  assert.equal(cache.size, 0);
});

test('ok/bounded: the least recently used entry is evicted', () => {
  const cache = createValidationCache(2);
  const result = success();
  cache.set('a', result, NOW);
  cache.set('b', result, NOW);
  assert.equal(cache.get('a', NOW), result);
  cache.set('c', result, NOW);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b', NOW), undefined);
  assert.equal(cache.get('a', NOW), result);
  assert.equal(cache.get('c', NOW), result);
});

test('fail/a cache needs room for one entry', () => {
  assert.throws(() => createValidationCache(0), RangeError);
});
