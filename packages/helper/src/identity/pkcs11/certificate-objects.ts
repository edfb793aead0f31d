/**
 * X.509 certificate objects on a token (CKO_CERTIFICATE with CKC_X_509, PKCS#11 v2.40 §4.6):
 * found by the URI's object label and id, read with their CKA_ID and CKA_LABEL so that the key
 * can be looked up next to them and a URI naming exactly them can be written.
 */
import { X509Certificate } from 'node:crypto';
import { formatPkcs11Uri } from './format-pkcs11-uri.ts';
import { Pkcs11Error } from './pkcs11-error.ts';
import type { Pkcs11Library } from './pkcs11-library.ts';
import { findObjects, readBytes, readText } from './pkcs11-objects.ts';
import { type SlotDescription, tokenUri } from './pkcs11-slots.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';

export interface CertificateObject {
  readonly slot: SlotDescription;
  readonly handle: Buffer;
  readonly der: Buffer;
  readonly certificate: X509Certificate;
  readonly id: Buffer | undefined;
  readonly label: string | undefined;
}

export function findCertificateObjects(
  library: Pkcs11Library,
  session: Buffer,
  slot: SlotDescription,
  uri: Pkcs11Uri,
): CertificateObject[] {
  const { p11, ck } = library;
  const template = [
    { type: ck.CKA_CLASS, value: ck.CKO_CERTIFICATE },
    { type: ck.CKA_CERTIFICATE_TYPE, value: ck.CKC_X_509 },
    ...(uri.object === undefined ? [] : [{ type: ck.CKA_LABEL, value: uri.object }]),
    ...(uri.id === undefined ? [] : [{ type: ck.CKA_ID, value: uri.id }]),
  ];
  return findObjects(p11, session, template).map((handle) => {
    const der = readBytes(p11, session, handle, ck.CKA_VALUE) ?? Buffer.alloc(0);
    const id = readBytes(p11, session, handle, ck.CKA_ID);
    const label = readText(p11, session, handle, ck.CKA_LABEL);
    const where = {
      ...tokenUri(slot),
      ...(id === undefined ? {} : { id }),
      ...(label === undefined ? {} : { object: label }),
    };
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(der);
    } catch (error) {
      throw new Pkcs11Error(
        `the certificate object ${formatPkcs11Uri({ ...where, type: 'cert' })} is not a valid X.509 certificate`,
        {
          cause: error,
        },
      );
    }
    return { slot, handle, der, certificate, id, label };
  });
}

/**
 * A URI naming this object alone: the token's label, manufacturer, model and serial, the
 * object's label and id, and type=cert. `query` carries module-path/module-name over, never a PIN.
 */
export function certificateObjectUri(object: CertificateObject, query: Pkcs11Uri | undefined): string {
  return formatPkcs11Uri({
    ...tokenUri(object.slot),
    ...(object.label === undefined ? {} : { object: object.label }),
    ...(object.id === undefined ? {} : { id: object.id }),
    type: 'cert',
    ...(query?.moduleName === undefined ? {} : { moduleName: query.moduleName }),
    ...(query?.modulePath === undefined ? {} : { modulePath: query.modulePath }),
  });
}
