/**
 * Test PKI made with the real `openssl` command: CA certificates of several key types, bad CA
 * certificates the service must refuse, and CRLs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  readonly dir: string;
  readonly certPem: string;
  readonly keyFile: string;
  readonly certFile: string;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeCa(
  name: string,
  options: { key?: 'ec' | 'rsa2048' | 'rsa1024'; digest?: string; ext?: string } = {},
): TestCa {
  const dir = mkdtempSync(join(tmpdir(), `anchorage-pki-${name}-`));
  const keyArgs =
    options.key === 'rsa1024'
      ? ['-newkey', 'rsa:1024']
      : options.key === 'rsa2048'
        ? ['-newkey', 'rsa:2048']
        : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const ext =
    options.ext ??
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n';
  writeFileSync(join(dir, 'ext.cnf'), `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${ext}`);
  openssl(
    [
      'req',
      '-x509',
      ...keyArgs,
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '365',
      `-${options.digest ?? 'sha256'}`,
      '-subj',
      `/O=Anchorage Test/CN=${name}`,
      '-config',
      'ext.cnf',
      '-extensions',
      'v3',
    ],
    dir,
  );
  return {
    dir,
    certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    keyFile: join(dir, 'ca.key'),
    certFile: join(dir, 'ca.pem'),
  };
}

/** A CRL signed by the CA, revoking the given serials (hex). Returns PEM and DER. */
export function makeCrl(ca: TestCa, revokedSerialsHex: readonly string[] = []): { pem: string; der: Buffer } {
  const index = revokedSerialsHex
    .map((s) => `R\t300101000000Z\t250101000000Z\t${s.toUpperCase()}\tunknown\t/CN=revoked-${s}\n`)
    .join('');
  writeFileSync(join(ca.dir, 'index.txt'), index);
  writeFileSync(join(ca.dir, 'crlnumber'), '01\n');
  writeFileSync(
    join(ca.dir, 'ca.cnf'),
    `[ca]\ndefault_ca=test\n[test]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\ncertificate=ca.pem\nprivate_key=ca.key\n`,
  );
  openssl(['ca', '-config', 'ca.cnf', '-gencrl', '-out', 'crl.pem'], ca.dir);
  openssl(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der'], ca.dir);
  return { pem: readFileSync(join(ca.dir, 'crl.pem'), 'utf8'), der: readFileSync(join(ca.dir, 'crl.der')) };
}

/** A self-signed TLS server certificate for 127.0.0.1 and localhost. */
export function makeServerTlsCertificate(): { certFile: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-tls-'));
  writeFileSync(
    join(dir, 'tls.cnf'),
    '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'tls.key',
      '-out',
      'tls.pem',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-config',
      'tls.cnf',
      '-extensions',
      'v3',
    ],
    dir,
  );
  return { certFile: join(dir, 'tls.pem'), keyFile: join(dir, 'tls.key') };
}

export interface OpensslIdentity {
  readonly certFile: string;
  readonly keyFile: string;
  readonly der: Buffer;
  readonly keyPem: string;
}

/**
 * An intermediate CA or a client certificate issued by `issuer` with the openssl command line:
 * `openssl req -new` then `openssl x509 -req` with the extensions Roles Anywhere expects.
 */
export function opensslIssue(
  issuer: { certFile: string; keyFile: string },
  name: string,
  options: { key: 'rsa2048' | 'p256' | 'p384'; ca?: boolean },
): OpensslIdentity {
  const dir = mkdtempSync(join(tmpdir(), `anchorage-pki-${name.replace(/\W/g, '')}-`));
  const keyArgs =
    options.key === 'rsa2048'
      ? ['-newkey', 'rsa:2048']
      : ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${options.key === 'p256' ? 'P-256' : 'P-384'}`];
  writeFileSync(join(dir, 'req.cnf'), '[req]\ndistinguished_name=dn\n[dn]\n');
  openssl(
    [
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'req.csr',
      '-subj',
      `/O=Anchorage Test/OU=Workloads/CN=${name}`,
      '-config',
      'req.cnf',
    ],
    dir,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    options.ca
      ? 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'
      : `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=DNS:${name}.example.internal\nauthorityKeyIdentifier=keyid\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'req.csr',
      '-CA',
      issuer.certFile,
      '-CAkey',
      issuer.keyFile,
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'ext.cnf',
      '-out',
      'cert.pem',
    ],
    dir,
  );
  openssl(['x509', '-in', 'cert.pem', '-outform', 'DER', '-out', 'cert.der'], dir);
  return {
    certFile: join(dir, 'cert.pem'),
    keyFile: join(dir, 'key.pem'),
    der: readFileSync(join(dir, 'cert.der')),
    keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
  };
}
