import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAmzDate, parseAmzDate } from '@anchorage/core/sigv4/amz-date';
import { parseHttpDate } from '@anchorage/core/sigv4/http-date';

test('ok/amz-date: parses and formats ISO-8601 basic format', () => {
  const ms = Date.UTC(2015, 7, 30, 12, 36, 0);
  assert.equal(parseAmzDate('20150830T123600Z'), ms);
  assert.equal(formatAmzDate(ms), '20150830T123600Z');
  assert.equal(parseAmzDate('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
});

test('fail/amz-date: impossible or differently formatted dates are refused', () => {
  for (const text of [
    '20250230T000000Z',
    '20250101T240000Z',
    '20250101T000060Z',
    '2025-01-01T00:00:00Z',
    '20250101T000000',
    '20250101t000000z',
    ' 20250101T000000Z',
    '',
  ]) {
    assert.equal(parseAmzDate(text), undefined, text);
  }
});

test('ok/http-date: IMF-fixdate', () => {
  assert.equal(parseHttpDate('Sun, 30 Aug 2015 12:36:00 GMT'), Date.UTC(2015, 7, 30, 12, 36, 0));
});

test('fail/http-date: wrong weekday, obsolete forms and impossible dates are refused', () => {
  for (const text of [
    'Mon, 30 Aug 2015 12:36:00 GMT',
    'Sunday, 30-Aug-15 12:36:00 GMT',
    'Sun Aug 30 12:36:00 2015',
    'Sun, 31 Sep 2015 12:36:00 GMT',
    'Sun, 30 Aug 2015 12:36:00 UTC',
  ]) {
    assert.equal(parseHttpDate(text), undefined, text);
  }
});
