/**
 * The object identifiers this layer understands, with the names people read in OpenSSL output
 * and RFCs. Sources: RFC 3279, RFC 4055, RFC 5280, RFC 5480, RFC 5758, RFC 8410, RFC 9881
 * (ML-DSA in X.509), RFC 4519 and RFC 2985 (attribute types).
 */

export type HashName = 'sha256' | 'sha384' | 'sha512' | 'sha1' | 'md5';

/** How a signature algorithm signs: it selects the verification call in `signature.ts`. */
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ml-dsa';

export type MlDsaParameterSet = 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

export const OID = {
  // Public-key algorithms.
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  mlDsa44: '2.16.840.1.101.3.4.3.17',
  mlDsa65: '2.16.840.1.101.3.4.3.18',
  mlDsa87: '2.16.840.1.101.3.4.3.19',
  // Named curves (RFC 5480 §2.1.1.1).
  secp256r1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  // Hash functions and the PSS mask generation function (RFC 4055 §2.1).
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  mgf1: '1.2.840.113549.1.1.8',
  // Certificate extensions (RFC 5280 §4.2).
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCRL: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  // CRL and CRL entry extensions (RFC 5280 §5.2, §5.3).
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  // Extended key usages (RFC 5280 §4.2.1.12).
  anyExtendedKeyUsage: '2.5.29.37.0',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  // Attribute types of distinguished names.
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  streetAddress: '2.5.4.9',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  domainComponent: '0.9.2342.19200300.100.1.25',
  userId: '0.9.2342.19200300.100.1.1',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

export interface SignatureAlgorithmInfo {
  readonly name: string;
  readonly scheme: SignatureScheme;
  /** The digest signed; null for schemes that sign the message itself (EdDSA, ML-DSA) and for PSS, whose hash is in its parameters. */
  readonly hash: HashName | null;
  readonly mlDsaParameterSet: MlDsaParameterSet | null;
}

function sig(name: string, scheme: SignatureScheme, hash: HashName | null): SignatureAlgorithmInfo {
  return { name, scheme, hash, mlDsaParameterSet: null };
}

export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithmInfo> = new Map([
  ['1.2.840.113549.1.1.4', sig('md5WithRSAEncryption', 'rsa-pkcs1', 'md5')],
  ['1.2.840.113549.1.1.5', sig('sha1WithRSAEncryption', 'rsa-pkcs1', 'sha1')],
  ['1.2.840.113549.1.1.11', sig('sha256WithRSAEncryption', 'rsa-pkcs1', 'sha256')],
  ['1.2.840.113549.1.1.12', sig('sha384WithRSAEncryption', 'rsa-pkcs1', 'sha384')],
  ['1.2.840.113549.1.1.13', sig('sha512WithRSAEncryption', 'rsa-pkcs1', 'sha512')],
  [OID.rsassaPss, sig('RSASSA-PSS', 'rsa-pss', null)],
  ['1.2.840.10045.4.1', sig('ecdsa-with-SHA1', 'ecdsa', 'sha1')],
  ['1.2.840.10045.4.3.2', sig('ecdsa-with-SHA256', 'ecdsa', 'sha256')],
  ['1.2.840.10045.4.3.3', sig('ecdsa-with-SHA384', 'ecdsa', 'sha384')],
  ['1.2.840.10045.4.3.4', sig('ecdsa-with-SHA512', 'ecdsa', 'sha512')],
  [OID.ed25519, sig('Ed25519', 'ed25519', null)],
  [OID.mlDsa44, { name: 'ML-DSA-44', scheme: 'ml-dsa', hash: null, mlDsaParameterSet: 'ML-DSA-44' }],
  [OID.mlDsa65, { name: 'ML-DSA-65', scheme: 'ml-dsa', hash: null, mlDsaParameterSet: 'ML-DSA-65' }],
  [OID.mlDsa87, { name: 'ML-DSA-87', scheme: 'ml-dsa', hash: null, mlDsaParameterSet: 'ML-DSA-87' }],
]);

export const HASH_ALGORITHMS: ReadonlyMap<string, HashName> = new Map([
  [OID.sha1, 'sha1'],
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

export const ML_DSA_PARAMETER_SETS: ReadonlyMap<string, MlDsaParameterSet> = new Map([
  [OID.mlDsa44, 'ML-DSA-44'],
  [OID.mlDsa65, 'ML-DSA-65'],
  [OID.mlDsa87, 'ML-DSA-87'],
]);

export const NAMED_CURVES: ReadonlyMap<string, 'P-256' | 'P-384' | 'P-521'> = new Map([
  [OID.secp256r1, 'P-256'],
  [OID.secp384r1, 'P-384'],
  [OID.secp521r1, 'P-521'],
]);

/**
 * Short names of attribute types, as RFC 4514 §3 lists them (CN, L, ST, O, OU, C, STREET, DC,
 * UID) and, beyond that list, as OpenSSL prints them, which is what operators compare against.
 */
export const ATTRIBUTE_SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  [OID.commonName, 'CN'],
  [OID.surname, 'SN'],
  [OID.serialNumber, 'serialNumber'],
  [OID.countryName, 'C'],
  [OID.localityName, 'L'],
  [OID.stateOrProvinceName, 'ST'],
  [OID.streetAddress, 'STREET'],
  [OID.organizationName, 'O'],
  [OID.organizationalUnitName, 'OU'],
  [OID.title, 'title'],
  ['2.5.4.13', 'description'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.42', 'GN'],
  ['2.5.4.43', 'initials'],
  ['2.5.4.44', 'generationQualifier'],
  ['2.5.4.46', 'dnQualifier'],
  ['2.5.4.65', 'pseudonym'],
  ['2.5.4.97', 'organizationIdentifier'],
  [OID.domainComponent, 'DC'],
  [OID.userId, 'UID'],
  [OID.emailAddress, 'emailAddress'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'jurisdictionL'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'jurisdictionST'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC'],
]);

export const EXTENSION_NAMES: ReadonlyMap<string, string> = new Map([
  [OID.subjectKeyIdentifier, 'subjectKeyIdentifier'],
  [OID.keyUsage, 'keyUsage'],
  [OID.subjectAltName, 'subjectAltName'],
  [OID.issuerAltName, 'issuerAltName'],
  [OID.basicConstraints, 'basicConstraints'],
  [OID.nameConstraints, 'nameConstraints'],
  [OID.cRLDistributionPoints, 'cRLDistributionPoints'],
  [OID.certificatePolicies, 'certificatePolicies'],
  [OID.policyMappings, 'policyMappings'],
  [OID.authorityKeyIdentifier, 'authorityKeyIdentifier'],
  [OID.policyConstraints, 'policyConstraints'],
  [OID.extKeyUsage, 'extKeyUsage'],
  [OID.freshestCRL, 'freshestCRL'],
  [OID.inhibitAnyPolicy, 'inhibitAnyPolicy'],
  [OID.authorityInfoAccess, 'authorityInfoAccess'],
  [OID.subjectInfoAccess, 'subjectInfoAccess'],
  [OID.cRLNumber, 'cRLNumber'],
  [OID.reasonCode, 'reasonCode'],
  [OID.invalidityDate, 'invalidityDate'],
  [OID.deltaCRLIndicator, 'deltaCRLIndicator'],
  [OID.issuingDistributionPoint, 'issuingDistributionPoint'],
  [OID.certificateIssuer, 'certificateIssuer'],
  ['1.3.6.1.4.1.11129.2.4.2', 'signedCertificateTimestampList'],
]);

export const EXTENDED_KEY_USAGE_NAMES: ReadonlyMap<string, string> = new Map([
  [OID.anyExtendedKeyUsage, 'anyExtendedKeyUsage'],
  [OID.serverAuth, 'serverAuth'],
  [OID.clientAuth, 'clientAuth'],
  [OID.codeSigning, 'codeSigning'],
  [OID.emailProtection, 'emailProtection'],
  [OID.timeStamping, 'timeStamping'],
  [OID.ocspSigning, 'OCSPSigning'],
]);
