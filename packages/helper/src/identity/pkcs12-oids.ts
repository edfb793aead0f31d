/** Object identifiers of RFC 7292 (PKCS#12), RFC 8018 (PKCS#5), RFC 9579 and RFC 5652 (CMS). */
export const P12_OID = {
  // RFC 5652 §4, §5, §6, §8: ContentInfo content types.
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  // RFC 7292 §4.2: bag types.
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  // RFC 7292 §4.2.3: certificate types.
  x509Certificate: '1.2.840.113549.1.9.22.1',
  // RFC 2985 §5.5.1, §5.5.2: bag attributes.
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  // RFC 8018 §6.2, §5.2, §7.1 and RFC 9579.
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  // RFC 8018 §B.2: encryption schemes PBES2 may name.
  desCbc: '1.3.14.3.2.7',
  desEde3Cbc: '1.2.840.113549.3.7',
  rc2Cbc: '1.2.840.113549.3.2',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

/** RFC 7292 Appendix C: the PKCS#12 PBE schemes live under pkcs-12PbeIds. */
export const PKCS12_PBE_ARC = '1.2.840.113549.1.12.1.';

/** RFC 8018 §A.3: PBES1 (pbeWithMD2AndDES-CBC … pbeWithSHA1AndRC2-CBC). */
export const PBES1_OIDS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.5.1', 'pbeWithMD2AndDES-CBC'],
  ['1.2.840.113549.1.5.4', 'pbeWithMD2AndRC2-CBC'],
  ['1.2.840.113549.1.5.3', 'pbeWithMD5AndDES-CBC'],
  ['1.2.840.113549.1.5.6', 'pbeWithMD5AndRC2-CBC'],
  ['1.2.840.113549.1.5.10', 'pbeWithSHA1AndDES-CBC'],
  ['1.2.840.113549.1.5.11', 'pbeWithSHA1AndRC2-CBC'],
]);
