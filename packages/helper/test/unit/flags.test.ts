/** Flag parsing as cobra/pflag does it, so that an `aws_signing_helper` command line works unchanged. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CREDENTIAL_EXCLUSIONS, CREDENTIAL_FLAGS } from '../../src/cli/credential-flags.ts';
import { FlagError, parseFlags } from '../../src/cli/flags.ts';

test("ok/defaults are the official helper's", () => {
  const { values, given } = parseFlags([], CREDENTIAL_FLAGS, CREDENTIAL_EXCLUSIONS);
  assert.equal(values['session-duration'], 3600);
  assert.equal(values['system-store-name'], 'MY');
  assert.equal(values['no-verify-ssl'], false);
  assert.equal(values.endpoint, '');
  assert.equal(given.size, 0);
});

test('ok/--name value, --name=value, booleans with and without =', () => {
  const { values } = parseFlags(
    [
      '--role-arn',
      'r',
      '--profile-arn=p',
      '--debug',
      '--with-proxy=false',
      '--session-duration',
      '900',
      '--no-verify-ssl=true',
    ],
    CREDENTIAL_FLAGS,
  );
  assert.equal(values['role-arn'], 'r');
  assert.equal(values['profile-arn'], 'p');
  assert.equal(values.debug, true);
  assert.equal(values['with-proxy'], false);
  assert.equal(values['session-duration'], 900);
  assert.equal(values['no-verify-ssl'], true);
});

test('ok/a value may start with a dash or contain =', () => {
  const { values } = parseFlags(['--certificate', '-', '--pkcs8-password', 'a=b'], CREDENTIAL_FLAGS);
  assert.equal(values.certificate, '-');
  assert.equal(values['pkcs8-password'], 'a=b');
});

for (const [argv, message] of [
  [['--nope'], /unknown flag: --nope/],
  [['--role-arn'], /flag needs an argument: --role-arn/],
  [['--session-duration', 'abc'], /invalid argument "abc" for "--session-duration" flag/],
  [['--debug=maybe'], /invalid argument "maybe" for "--debug"/],
  [['-x'], /unknown shorthand flag: 'x'/],
  [['--certificate', 'a', '--cert-selector', 'b'], /group \[certificate cert-selector\]/],
  [['--no-tpm-key-password', '--tpm-key-password', 'x'], /group \[no-tpm-key-password tpm-key-password\]/],
  [['--pkcs8-password', 'x', '--tpm-key-password', 'y'], /group \[pkcs8-password tpm-key-password\]/],
] as const) {
  test(`fail/${argv.join(' ')}`, () => {
    assert.throws(
      () => parseFlags(argv, CREDENTIAL_FLAGS, CREDENTIAL_EXCLUSIONS),
      (e: unknown) => e instanceof FlagError && message.test(e.message),
    );
  });
}

test('ok/a default value never counts for a mutual exclusion (system-store-name defaults to MY)', () => {
  assert.doesNotThrow(() =>
    parseFlags(['--certificate', 'a', '--reuse-pin'], CREDENTIAL_FLAGS, CREDENTIAL_EXCLUSIONS),
  );
});
