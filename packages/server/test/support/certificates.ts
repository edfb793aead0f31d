/**
 * Test certificates built with node:crypto: any key type Node can make (RSA, P-256/384/521,
 * ML-DSA-44/65/87), any validity, and exactly the extensions a test needs — including the wrong
 * ones (CA:TRUE leaves, no digitalSignature, SHA-1 signatures, unknown critical extensions, name
 * constraints). OpenSSL 3.0 on this machine cannot make ML-DSA certificates, and its command line
 * cannot easily make some of the broken ones, hence this small DER builder.
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';

const len = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const octets: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
};
const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const int = (bytes: Buffer) =>
  tlv(0x02, bytes[0] !== undefined && bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const oid = (dotted: string): Buffer => {
  const [a = 0n, b = 0n, ...rest] = dotted.split('.').map(BigInt);
  const octets: number[] = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const group = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(0x06, Buffer.from(octets));
};
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const ia5 = (text: string) => tlv(0x16, Buffer.from(text, 'latin1'));
const time = (ms: number) => {
  const iso = new Date(ms).toISOString();
  const year = Number(iso.slice(0, 4));
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return year < 2050
    ? tlv(0x17, Buffer.from(text, 'latin1'))
    : tlv(0x18, Buffer.from(`${iso.slice(0, 2)}${text}`, 'latin1'));
};
const bits = (bytes: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), bytes);
const octets = (bytes: Buffer) => tlv(0x04, bytes);
const TRUE = tlv(0x01, Buffer.from([0xff]));
const ext = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [TRUE] : []), octets(value));

export type KeyType = 'rsa2048' | 'rsa1024' | 'p256' | 'p384' | 'p521' | 'ml-dsa-65';

export function makeKey(type: KeyType): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (type) {
    case 'rsa2048':
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: type === 'rsa2048' ? 2048 : 1024 });
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'p521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'ml-dsa-65':
      return generateKeyPairSync('ml-dsa-65' as 'ed25519');
  }
}

export interface TestIdentity {
  readonly name: Buffer;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly der: Buffer;
  readonly pem: string;
  readonly serial: bigint;
}

export interface IssueOptions {
  readonly subject: readonly (readonly [string, string])[];
  readonly key?: { publicKey: KeyObject; privateKey: KeyObject };
  readonly keyType?: KeyType;
  readonly issuer?: TestIdentity;
  readonly ca?: boolean;
  readonly pathLen?: number;
  /** keyUsage bits by name; default keyCertSign+cRLSign for CAs, digitalSignature for leaves; `null` leaves it out. */
  readonly keyUsage?: readonly ('digitalSignature' | 'keyCertSign' | 'cRLSign' | 'keyEncipherment')[] | null;
  readonly clientAuth?: boolean;
  readonly dnsNames?: readonly string[];
  readonly uris?: readonly string[];
  readonly permittedDns?: readonly string[];
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly serial?: bigint;
  readonly digest?: 'sha256' | 'sha384' | 'sha1';
  readonly unknownCriticalExtension?: boolean;
}

const ATTRIBUTE_OIDS: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  ST: '2.5.4.8',
  L: '2.5.4.7',
};

function nameOf(attributes: readonly (readonly [string, string])[]): Buffer {
  return seq(...attributes.map(([type, value]) => set(seq(oid(ATTRIBUTE_OIDS[type] ?? type), utf8(value)))));
}

function signatureAlgorithm(
  key: KeyObject,
  digest: 'sha256' | 'sha384' | 'sha1',
): { id: Buffer; hash: string | null } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const id = {
      sha256: '1.2.840.113549.1.1.11',
      sha384: '1.2.840.113549.1.1.12',
      sha1: '1.2.840.113549.1.1.5',
    }[digest];
    return { id: seq(oid(id), tlv(0x05)), hash: digest };
  }
  if (type === 'ec') {
    const id = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha1: '1.2.840.10045.4.1' }[
      digest
    ];
    return { id: seq(oid(id)), hash: digest };
  }
  if (type === 'ml-dsa-65') return { id: seq(oid('2.16.840.1.101.3.4.3.18')), hash: null };
  throw new TypeError(`no signature algorithm for ${type}`);
}

const KEY_USAGE_BITS = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

export function issue(options: IssueOptions): TestIdentity {
  const keys = options.key ?? makeKey(options.keyType ?? 'p256');
  const name = nameOf(options.subject);
  const issuerName = options.issuer?.name ?? name;
  const signer = options.issuer?.privateKey ?? keys.privateKey;
  const spki = keys.publicKey.export({ format: 'der', type: 'spki' });
  const now = Date.now();
  const serial = options.serial ?? BigInt(`0x${randomBytes(8).toString('hex')}`) + 1n;
  const usage =
    options.keyUsage === undefined
      ? options.ca
        ? (['keyCertSign', 'cRLSign'] as const)
        : (['digitalSignature'] as const)
      : options.keyUsage;
  const extensions: Buffer[] = [
    ext(
      '2.5.29.19',
      true,
      seq(
        ...(options.ca
          ? [TRUE, ...(options.pathLen === undefined ? [] : [int(Buffer.from([options.pathLen]))])]
          : []),
      ),
    ),
    ext('2.5.29.14', false, octets(createHash('sha1').update(spki).digest())),
  ];
  if (usage !== null) {
    let value = 0;
    for (const u of usage) value |= 0x80 >> KEY_USAGE_BITS[u];
    extensions.push(ext('2.5.29.15', true, bits(Buffer.from([value]), 0)));
  }
  if (options.clientAuth ?? !options.ca)
    extensions.push(ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.2'))));
  const sans = [
    ...(options.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d))),
    ...(options.uris ?? []).map((u) => tlv(0x86, Buffer.from(u))),
  ];
  if (sans.length > 0) extensions.push(ext('2.5.29.17', false, seq(...sans)));
  if (options.permittedDns !== undefined) {
    extensions.push(
      ext(
        '2.5.29.30',
        true,
        seq(tlv(0xa0, ...options.permittedDns.map((d) => seq(tlv(0x82, Buffer.from(d)))))),
      ),
    );
  }
  if (options.unknownCriticalExtension)
    extensions.push(ext('1.3.6.1.4.1.55555.1', true, ia5('must understand')));
  const algorithm = signatureAlgorithm(signer, options.digest ?? 'sha256');
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))),
    int(
      Buffer.from(
        serial
          .toString(16)
          .padStart(2, '0')
          .replace(/^(.(..)*)$/, '0$1'),
        'hex',
      ),
    ),
    algorithm.id,
    issuerName,
    seq(time(options.notBefore ?? now - 3600_000), time(options.notAfter ?? now + 30 * 86400_000)),
    name,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign(algorithm.hash, tbs, signer);
  const der = seq(tbs, algorithm.id, bits(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { name, privateKey: keys.privateKey, publicKey: keys.publicKey, der, pem, serial };
}

/** An existing CA (say, one openssl made) as an issuer for builder-made certificates. */
export function identityFromPem(certificatePem: string, privateKeyPem: string): TestIdentity {
  const der = Buffer.from(certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const x509 = new X509Certificate(der);
  const privateKey = createPrivateKey(privateKeyPem);
  return {
    name: subjectNameDer(der),
    privateKey,
    publicKey: x509.publicKey,
    der,
    pem: certificatePem,
    serial: BigInt(`0x${x509.serialNumber}`),
  };
}

/** The subject Name's DER: the sixth element of the TBSCertificate (after version, serial, algorithm, issuer, validity). */
function subjectNameDer(certificate: Buffer): Buffer {
  const children = (buffer: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    let at = 0;
    const headerLength = (b: Buffer, i: number): [number, number] => {
      const first = b[i + 1] ?? 0;
      if (first < 0x80) return [2, first];
      const count = first & 0x7f;
      let length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + (b[i + 2 + k] ?? 0);
      return [2 + count, length];
    };
    const [outerHeader] = headerLength(buffer, 0);
    at = outerHeader;
    while (at < buffer.length) {
      const [h, l] = headerLength(buffer, at);
      out.push(buffer.subarray(at, at + h + l));
      at += h + l;
    }
    return out;
  };
  const [tbs] = children(certificate);
  const fields = children(tbs ?? Buffer.alloc(0));
  const subject = fields[5];
  if (subject === undefined) throw new Error('not a v3 certificate');
  return Buffer.from(subject);
}
