import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPkcs11Uri } from '../src/identity/pkcs11/format-pkcs11-uri.ts';
import { Pkcs11Error } from '../src/identity/pkcs11/pkcs11-error.ts';
import { isPkcs11Uri, parsePkcs11Uri } from '../src/identity/pkcs11/pkcs11-uri.ts';

describe('pkcs11 URI parser (RFC 7512)', () => {
  test('ok/detects the scheme, case-insensitively', () => {
    assert.equal(isPkcs11Uri('pkcs11:token=a'), true);
    assert.equal(isPkcs11Uri('PKCS11:token=a'), true);
    assert.equal(isPkcs11Uri('/etc/pki/cert.pem'), false);
    assert.equal(isPkcs11Uri('file:pkcs11:x'), false);
  });

  test('ok/RFC 7512 §3 examples', () => {
    assert.deepEqual(parsePkcs11Uri('pkcs11:'), { vendorPath: [], vendorQuery: [] });
    assert.deepEqual(parsePkcs11Uri('pkcs11:object=my-pubkey;type=public'), {
      object: 'my-pubkey',
      type: 'public',
      vendorPath: [],
      vendorQuery: [],
    });
    const full = parsePkcs11Uri(
      'pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;' +
        'object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=?pin-source=file:/etc/token_pin',
    );
    assert.equal(full.token, 'The Software PKCS#11 Softtoken');
    assert.equal(full.manufacturer, 'Snake Oil, Inc.');
    assert.equal(full.model, '1.0');
    assert.equal(full.object, 'my-certificate');
    assert.equal(full.type, 'cert');
    assert.deepEqual(full.id, Buffer.from('69953e5cf4bdec91', 'hex'));
    assert.equal(full.serial, '');
    assert.equal(full.pinSource, 'file:/etc/token_pin');

    assert.equal(
      parsePkcs11Uri('pkcs11:object=my-sign-key;type=private?module-name=mypkcs11').moduleName,
      'mypkcs11',
    );
    assert.equal(
      parsePkcs11Uri('pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1').modulePath,
      '/mnt/libmypkcs11.so.1',
    );
    const pin = parsePkcs11Uri(
      'pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-value=the-pin',
    );
    assert.equal(pin.pinValue, 'the-pin');
    assert.equal(parsePkcs11Uri('pkcs11:slot-description=Sun%20Metaslot').slotDescription, 'Sun Metaslot');
    const lib = parsePkcs11Uri(
      'pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;library-version=1.23',
    );
    assert.equal(lib.libraryManufacturer, 'Snake Oil, Inc.');
    assert.equal(lib.libraryDescription, 'Soft Token Library');
    assert.deepEqual(lib.libraryVersion, { major: 1, minor: 23 });
    const joe = parsePkcs11Uri(
      'pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ca%fe%04%05%06',
    );
    assert.equal(joe.token, 'My token% created by Joe');
    assert.deepEqual(joe.libraryVersion, { major: 3, minor: 0 });
    assert.deepEqual(joe.id, Buffer.from('010203baddcafe040506', 'hex'));
    assert.equal(
      parsePkcs11Uri('pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert')
        .token,
      'A name with a substring %;',
    );
    assert.equal(
      parsePkcs11Uri(
        'pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert',
      ).token,
      'Name with a small A with acute: á',
    );
    const vendor = parsePkcs11Uri(
      'pkcs11:token=my-token;object=my-certificate;type=cert;vendor-aaa=value-a?pin-source=file:/etc/token_pin&vendor-bbb=value-b',
    );
    assert.deepEqual(vendor.vendorPath, [['vendor-aaa', 'value-a']]);
    assert.deepEqual(vendor.vendorQuery, [['vendor-bbb', 'value-b']]);
    assert.equal(vendor.pinSource, 'file:/etc/token_pin');
  });

  test('ok/slot-id and reserved characters each component allows unencoded', () => {
    assert.equal(parsePkcs11Uri('pkcs11:slot-id=18446744073709551615').slotId, 18446744073709551615n);
    // "&" is allowed in the path, "/", "?" and "|" in the query (§2.3).
    assert.equal(parsePkcs11Uri("pkcs11:object=a&b:[]@!$'()*+,=c").object, "a&b:[]@!$'()*+,=c");
    assert.equal(parsePkcs11Uri('pkcs11:?pin-source=/run/pin?x|y').pinSource, '/run/pin?x|y');
  });

  test('ok/id is bytes, not text', () => {
    assert.deepEqual(parsePkcs11Uri('pkcs11:id=%00%FF%80').id, Buffer.from([0, 0xff, 0x80]));
    assert.deepEqual(parsePkcs11Uri('pkcs11:id=AB').id, Buffer.from('AB', 'latin1'));
    assert.deepEqual(parsePkcs11Uri('pkcs11:id=').id, Buffer.alloc(0));
  });

  test('ok/attribute names and type values are case-insensitive (RFC 5234 §2.3)', () => {
    const uri = parsePkcs11Uri('pkcs11:TOKEN=t;Type=CERT?PIN-VALUE=1');
    assert.equal(uri.token, 't');
    assert.equal(uri.type, 'cert');
    assert.equal(uri.pinValue, '1');
  });

  test('ok/pin-value is decoded and vendor query attributes may repeat', () => {
    const uri = parsePkcs11Uri('pkcs11:token=t?pin-value=a%26b%3Dc&x-a=1&x-a=2');
    assert.equal(uri.pinValue, 'a&b=c');
    assert.deepEqual(uri.vendorQuery, [
      ['x-a', '1'],
      ['x-a', '2'],
    ]);
  });

  test('ok/format writes a URI that parses back, without the PIN unless asked', () => {
    const uri = parsePkcs11Uri(
      'pkcs11:token=My%20token;object=a%3Bb;id=%01%02;type=cert?pin-value=secret&module-path=/usr/lib/x.so',
    );
    const text = formatPkcs11Uri(uri);
    assert.equal(text, 'pkcs11:token=My%20token;object=a%3Bb;id=%01%02;type=cert?module-path=/usr/lib/x.so');
    const { pinValue: _pin, ...withoutPin } = uri;
    assert.deepEqual(parsePkcs11Uri(text), withoutPin);
    assert.match(formatPkcs11Uri(uri, { includePin: true }), /pin-value=secret/);
  });

  const malformed: [string, string, RegExp][] = [
    ['not a pkcs11 URI', 'file:/etc/x', /must start with "pkcs11:"/],
    ['duplicate path attribute', 'pkcs11:token=a;token=b', /"token" appears twice/],
    ['duplicate path attribute, other case', 'pkcs11:object=a;OBJECT=b', /appears twice/],
    ['duplicate vendor path attribute', 'pkcs11:x-a=1;x-a=2', /appears twice/],
    ['duplicate query attribute', 'pkcs11:token=a?pin-value=1&pin-value=2', /"pin-value" appears twice/],
    ['bad percent-encoding', 'pkcs11:token=a%2', /"%" not followed by two hex digits/],
    ['bad percent-encoding hex', 'pkcs11:token=a%zz', /"%" not followed/],
    ['space unencoded', 'pkcs11:token=a b', /must be percent-encoded/],
    ['slash in path', 'pkcs11:token=a/b', /must be percent-encoded/],
    ['ampersand in query', 'pkcs11:?pin-value=a&b', /without "="/],
    ['fragment', 'pkcs11:token=a#frag', /"#" must be percent-encoded/],
    ['empty attribute', 'pkcs11:token=a;;object=b', /empty attribute/],
    ['trailing separator', 'pkcs11:token=a;', /empty attribute/],
    ['no "="', 'pkcs11:token', /without "="/],
    ['bad name', 'pkcs11:to%6Ben=a', /attribute name/],
    ['empty name', 'pkcs11:=a', /attribute name/],
    ['bad type', 'pkcs11:type=key', /type must be/],
    ['slot-id not digits', 'pkcs11:slot-id=0x1', /slot-id must be decimal/],
    ['slot-id too big', 'pkcs11:slot-id=18446744073709551616', /does not fit/],
    ['library-version', 'pkcs11:library-version=1.', /library-version/],
    ['library-version range', 'pkcs11:library-version=256', /at most 255/],
    ['query attribute in path', 'pkcs11:pin-value=1234', /query attribute: put it after "\?"/],
    ['path attribute in query', 'pkcs11:?token=a', /path attribute: put it before "\?"/],
    ['invalid UTF-8', 'pkcs11:token=%C3%28', /not UTF-8/],
  ];
  for (const [name, text, message] of malformed) {
    test(`fail/${name}`, () => {
      assert.throws(
        () => parsePkcs11Uri(text),
        (error: unknown) =>
          error instanceof Pkcs11Error && message.test(error.message) && /RFC 7512/.test(error.message),
      );
    });
  }

  test('fail/messages never echo a PIN', () => {
    for (const text of [
      'pkcs11:token=a?pin-value=s3cret%zz',
      'pkcs11:token=a?pin-value=s3cret&pin-value=s3cret',
      'pkcs11:pin-value=s3cret',
    ]) {
      assert.throws(
        () => parsePkcs11Uri(text),
        (error: unknown) => error instanceof Pkcs11Error && !error.message.includes('s3cret'),
      );
    }
  });
});
