/** The form-body reader of the query protocol: form decoding, limits, and refusals. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import {
  decodeFormComponent,
  MAX_FORM_PARAMETERS,
  MAX_PARAMETER_NAME_LENGTH,
  parseFormBody,
} from '../../src/query/form-body.ts';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function refused(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AnchorageError, String(error));
    assert.equal(error.code, code);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

test('ok/form decoding: + is a space, %XX is UTF-8, = inside a value stays', () => {
  const params = parseFormBody(
    Buffer.from(
      'Action=CreateRole&Description=a+b%2Bc%20d&Path=%2Fapp%2F&Doc=%7B%22a%22%3A%22%C3%A9%E2%82%AC%22%7D&Eq=x=y',
    ),
    FORM,
  );
  assert.equal(params.get('Action'), 'CreateRole');
  assert.equal(params.get('Description'), 'a b+c d');
  assert.equal(params.get('Path'), '/app/');
  assert.equal(params.get('Doc'), '{"a":"é€"}');
  assert.equal(params.get('Eq'), 'x=y');
});

test('ok/an empty value, a name without =, empty pairs and an empty body', () => {
  const params = parseFormBody(Buffer.from('Tags=&Flag&&Action=X&'), FORM);
  assert.deepEqual(
    [...params],
    [
      ['Tags', ''],
      ['Flag', ''],
      ['Action', 'X'],
    ],
  );
  assert.equal(parseFormBody(Buffer.alloc(0), undefined).size, 0);
});

test('ok/a missing Content-Type is read as a form; parameters on it are ignored', () => {
  assert.equal(parseFormBody(Buffer.from('A=1'), undefined).get('A'), '1');
  assert.equal(parseFormBody(Buffer.from('A=1'), 'Application/X-WWW-Form-Urlencoded').get('A'), '1');
});

test('fail/another media type, invalid UTF-8 and broken escapes are SerializationException', () => {
  refused(
    () => parseFormBody(Buffer.from('{"Action":"X"}'), 'application/json'),
    'SerializationException',
    /x-www-form-urlencoded/,
  );
  refused(
    () => parseFormBody(Buffer.from([0x41, 0x3d, 0xff, 0xfe]), FORM),
    'SerializationException',
    /UTF-8/,
  );
  refused(() => parseFormBody(Buffer.from('A=%E2%82'), FORM), 'SerializationException', /percent-encoding/);
  refused(() => parseFormBody(Buffer.from('A=%zz'), FORM), 'SerializationException', /percent-encoding/);
  refused(() => decodeFormComponent('%'), 'SerializationException');
});

test('fail/a repeated name, an empty name, too many parameters and an overlong name are refused', () => {
  refused(
    () => parseFormBody(Buffer.from('A=1&A=2'), FORM),
    'SerializationException',
    /appears more than once/,
  );
  refused(() => parseFormBody(Buffer.from('=1'), FORM), 'SerializationException', /without a name/);
  const many = Array.from({ length: MAX_FORM_PARAMETERS + 1 }, (_, i) => `P${i}=1`).join('&');
  refused(() => parseFormBody(Buffer.from(many), FORM), 'SerializationException', /more than 10000/);
  const long = `${'N'.repeat(MAX_PARAMETER_NAME_LENGTH + 1)}=1`;
  refused(() => parseFormBody(Buffer.from(long), FORM), 'SerializationException', /longer than/);
});

test('ok/a repeated name is echoed safely: control characters replaced, cut short', () => {
  const name = `x\u0001${'y'.repeat(100)}`;
  const body = `${encodeURIComponent(name)}=1&${encodeURIComponent(name)}=2`;
  refused(
    () => parseFormBody(Buffer.from(body), FORM),
    'SerializationException',
    /^The parameter x\?y{62}… appears/,
  );
});
