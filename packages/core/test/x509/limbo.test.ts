/**
 * The x509-limbo suite (C2SP/x509-limbo, see shared/testdata/x509-limbo/README.md) against
 * validatePath. In CI the repository is cloned with `shared/` beside it; without the file the
 * test is skipped with a message.
 *
 * How a case is run, the way CreateSession would run it:
 * - trusted_certs are the anchor's certificates; one that does not parse is dropped (it could
 *   never have been imported); untrusted_intermediates are X-Amz-X509-Chain and peer_certificate
 *   is X-Amz-X509: if either does not parse, the request is refused (FAILURE);
 * - crls are the anchor's enabled CRLs; validation_time is the request time (a fixed time when
 *   null); max_chain_depth bounds the intermediates (`maxIntermediates`);
 * - the key purpose asked of the leaf's extKeyUsage is the case's: `extended_key_usage` when it
 *   names one, else serverAuth for SERVER cases and clientAuth for CLIENT cases. The rule applied
 *   is Anchorage's (an EKU, when present, must include the purpose or anyExtendedKeyUsage); only
 *   the purpose comes from the case, because the suite's leaves were issued for its purpose;
 * - expected_peer_name(s) are not checked: a client certificate is not matched against a host.
 *
 * Not applicable (counted apart, see NOT_APPLICABLE): cases whose point is the TLS server's
 * peer-name check or the CA/B Forum profile of publicly-trusted server certificates.
 *
 * Every applicable case must agree with expected_result, except those listed with a reason in
 * vectors/x509/limbo-divergences.json; a listed case that now agrees fails the test too, so the
 * list stays honest.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { type Crl, parseCrl } from '@anchorage/core/x509/crl';
import { OID } from '@anchorage/core/x509/oids';
import { type PathValidationResult, validatePath } from '@anchorage/core/x509/path/validate-path';
import { decodePem } from '@anchorage/core/x509/pem';

const LIMBO = new URL('../../../../../shared/testdata/x509-limbo/limbo.json', import.meta.url);
const DIVERGENCES = new URL('../vectors/x509/limbo-divergences.json', import.meta.url);
/** The suite's generation date (its README); cases with a null validation_time run then. */
const DEFAULT_TIME = Date.parse('2026-06-29T00:00:00Z');

interface LimboCase {
  readonly id: string;
  readonly features: readonly string[] | null;
  readonly validation_kind: 'SERVER' | 'CLIENT';
  readonly trusted_certs: readonly string[];
  readonly untrusted_intermediates: readonly string[];
  readonly peer_certificate: string;
  readonly validation_time: string | null;
  readonly extended_key_usage: readonly string[];
  readonly max_chain_depth: number | null;
  readonly crls: readonly string[];
  readonly expected_result: 'SUCCESS' | 'FAILURE';
}

/** Which cases do not apply to a client-certificate validator, and why. */
const NOT_APPLICABLE: readonly { readonly why: string; readonly applies: (c: LimboCase) => boolean }[] = [
  {
    why: 'peer-name matching of TLS server certificates (SAN against the expected host, wildcards, public suffixes) and the CA/B Forum SAN profile',
    applies: (c) => c.id.startsWith('webpki::san::'),
  },
  {
    why: 'CA/B Forum rules for the CN of TLS server certificates (BR §7.1.4.3: CN as a host name)',
    applies: (c) => c.id.startsWith('webpki::cn::'),
  },
  {
    why: 'CA/B Forum extKeyUsage profile of TLS server certificates (feature pedantic-webpki-eku)',
    applies: (c) => (c.features ?? []).includes('pedantic-webpki-eku'),
  },
  {
    why: 'CA/B Forum profile of the authorityKeyIdentifier of publicly-trusted roots (BR §7.1.2.1.3); Anchorage does not read an anchor’s AKI',
    applies: (c) => c.id.startsWith('webpki::aki::'),
  },
  {
    why: 'the failure lies in matching the expected peer name against the SAN (foo_bar.example.com, an IP in a dNSName, a CA with another host name); SAN syntax outside name constraints is an issuance rule Anchorage does not enforce',
    applies: (c) =>
      ['rfc5280::san::underscore-dns', 'rfc5280::san::ip-in-dns', 'rfc5280::ca-as-leaf-wrong-san'].includes(
        c.id,
      ),
  },
];

const EKU_OIDS: Readonly<Record<string, string>> = {
  serverAuth: OID.serverAuth,
  clientAuth: OID.clientAuth,
  codeSigning: OID.codeSigning,
  emailProtection: OID.emailProtection,
  anyExtendedKeyUsage: OID.anyExtendedKeyUsage,
};

function der(pem: string): Uint8Array {
  const [block] = decodePem(pem);
  assert.ok(block !== undefined, 'a PEM block');
  return block.der;
}

function parsed<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

function runCase(c: LimboCase): PathValidationResult {
  const leaf = parsed(() => parseCertificate(der(c.peer_certificate)));
  const intermediates = c.untrusted_intermediates.map((pem) => parsed(() => parseCertificate(der(pem))));
  if (leaf === null || intermediates.includes(null)) {
    return { ok: false, code: 'malformed', reason: 'the leaf or a chain certificate does not parse' };
  }
  const anchors = c.trusted_certs
    .map((pem) => parsed(() => parseCertificate(der(pem))))
    .filter((anchor): anchor is Certificate => anchor !== null);
  const crls = c.crls
    .map((pem) => parsed(() => parseCrl(der(pem))))
    .filter((crl): crl is Crl => crl !== null);
  const [eku, more] = c.extended_key_usage;
  assert.equal(more, undefined, `${c.id}: one key purpose at most`);
  const keyPurpose =
    eku === undefined ? (c.validation_kind === 'SERVER' ? OID.serverAuth : OID.clientAuth) : EKU_OIDS[eku];
  assert.ok(keyPurpose !== undefined, `${c.id}: key purpose ${eku} is known`);
  return validatePath(
    {
      leaf,
      intermediates: intermediates.filter((certificate) => certificate !== null),
      anchors,
      crls,
      now: c.validation_time === null ? DEFAULT_TIME : Date.parse(c.validation_time),
    },
    { keyPurpose, ...(c.max_chain_depth === null ? {} : { maxIntermediates: c.max_chain_depth }) },
  );
}

const present = existsSync(LIMBO);
const skip = present
  ? false
  : `x509-limbo not found at ${LIMBO.pathname}; clone the repository with shared/ beside it`;

test('ok/limbo: every applicable case agrees, or is a listed divergence', { skip }, (t) => {
  const cases = (JSON.parse(readFileSync(LIMBO, 'utf8')) as { testcases: LimboCase[] }).testcases;
  const divergences = JSON.parse(readFileSync(DIVERGENCES, 'utf8')) as Record<string, string>;
  const applicable = cases.filter((c) => !NOT_APPLICABLE.some((rule) => rule.applies(c)));
  const disagreeing: { id: string; expected: string; got: string }[] = [];
  for (const c of applicable) {
    const result = runCase(c);
    const got = result.ok ? 'SUCCESS' : 'FAILURE';
    if (got !== c.expected_result) {
      disagreeing.push({
        id: c.id,
        expected: c.expected_result,
        got: result.ok ? got : `${got} (${result.code}: ${result.reason})`,
      });
    }
  }
  const agreeing = applicable.length - disagreeing.length;
  t.diagnostic(
    `limbo: ${agreeing} of ${applicable.length} applicable cases agree; ${cases.length - applicable.length} of ${cases.length} not applicable`,
  );
  for (const { id } of disagreeing)
    t.diagnostic(`limbo divergence ${id}: ${divergences[id] ?? 'NOT LISTED'}`);

  const unlisted = disagreeing.filter(({ id }) => divergences[id] === undefined);
  assert.deepEqual(unlisted, [], 'cases that disagree without a reason in limbo-divergences.json');
  const nowAgreeing = Object.keys(divergences).filter((id) => !disagreeing.some((entry) => entry.id === id));
  assert.deepEqual(
    nowAgreeing,
    [],
    'listed divergences that agree now (or are not applicable cases): remove them',
  );
});

test('ok/limbo: each not-applicable rule matches some case', { skip }, () => {
  const cases = (JSON.parse(readFileSync(LIMBO, 'utf8')) as { testcases: LimboCase[] }).testcases;
  for (const rule of NOT_APPLICABLE) assert.ok(cases.some(rule.applies), rule.why);
});
