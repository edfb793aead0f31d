/** The shared-credentials file edit of `update` (protocol notes §4.4), including the official helper's own expected output. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertProfileCredentials } from '../../src/commands/credentials-file.ts';

const creds = {
  accessKeyId: 'accessKeyId',
  secretAccessKey: 'secretAccessKey',
  sessionToken: 'sessionToken',
  expiration: '2022-07-27T04:36:55Z',
};

test('ok/an empty file gets the section, exactly as the official helper test expects', () => {
  assert.equal(
    upsertProfileCredentials('', 'test profile', creds),
    '[test profile]\naws_access_key_id = accessKeyId\naws_secret_access_key = secretAccessKey\naws_session_token = sessionToken\n',
  );
});

test('ok/existing keys of the profile are replaced; other keys, comments and profiles stay', () => {
  const before = [
    '# my credentials',
    '[other]',
    'aws_access_key_id = OTHER',
    '',
    '[default]',
    'aws_access_key_id=OLD',
    'region = eu-west-1',
    '; a comment',
    'AWS_SESSION_TOKEN = OLDTOKEN',
    '',
    '[last]',
    'x = 1',
  ].join('\n');
  assert.equal(
    upsertProfileCredentials(before, 'default', creds),
    [
      '# my credentials',
      '[other]',
      'aws_access_key_id = OTHER',
      '',
      '[default]',
      'aws_access_key_id = accessKeyId',
      'aws_secret_access_key = secretAccessKey',
      'aws_session_token = sessionToken',
      'region = eu-west-1',
      '; a comment',
      '',
      '[last]',
      'x = 1',
      '',
    ].join('\n'),
  );
});

test('ok/a missing profile is appended after a blank line', () => {
  assert.equal(
    upsertProfileCredentials('[a]\nk = v\n', 'b', creds),
    '[a]\nk = v\n\n[b]\naws_access_key_id = accessKeyId\naws_secret_access_key = secretAccessKey\naws_session_token = sessionToken\n',
  );
});

test('ok/updating twice gives the same file (idempotent)', () => {
  const once = upsertProfileCredentials('[x]\nregion = a\n', 'x', creds);
  assert.equal(upsertProfileCredentials(once, 'x', creds), once);
});
