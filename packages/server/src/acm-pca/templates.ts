/**
 * The certificate templates of IssueCertificate ("Understanding certificate templates", AWS
 * Private CA User Guide): what each puts in basicConstraints, keyUsage and extendedKeyUsage.
 * Their APIPassthrough / APICSRPassthrough / CSRPassthrough variants have the same profile; the
 * Blank…CA variants get the key usages of the CA templates (keyCertSign, cRLSign,
 * digitalSignature), since a CA certificate without keyCertSign could sign nothing.
 */
import { AnchorageError } from '@anchorage/core/errors';
import type { KeyUsageName } from '@anchorage/core/x509/build/certificate-builder';
import { OID } from '@anchorage/core/x509/oids';

export interface Template {
  readonly name: string;
  /** `root`: the CA's own self-signed certificate; `subordinate`: a CA below this one. */
  readonly kind: 'end-entity' | 'root' | 'subordinate';
  readonly keyUsage: readonly KeyUsageName[];
  readonly extendedKeyUsage?: readonly string[];
  /** CA templates: the pathLenConstraint (absent: none). */
  readonly pathLength?: number;
}

export const DEFAULT_TEMPLATE_ARN = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';

const TEMPLATE_ARN = /^arn:aws(?:-[a-z0-9-]+)?:acm-pca:::template\/([A-Za-z0-9_]+)\/V1$/;
const VARIANT = /_(?:APIPassthrough|APICSRPassthrough|CSRPassthrough)$/;
const CA_USAGE: readonly KeyUsageName[] = ['keyCertSign', 'cRLSign', 'digitalSignature'];

export function templateOf(arn: string | undefined): Template {
  const text = arn ?? DEFAULT_TEMPLATE_ARN;
  const name = TEMPLATE_ARN.exec(text)?.[1]?.replace(VARIANT, '');
  const template = name === undefined ? undefined : byName(name);
  if (template === undefined) {
    throw new AnchorageError(
      'InvalidArgsException',
      `TemplateArn ${text.slice(0, 200)} is not a supported template`,
    );
  }
  return template;
}

function byName(name: string): Template | undefined {
  switch (name) {
    case 'EndEntityCertificate':
      return {
        name,
        kind: 'end-entity',
        keyUsage: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsage: [OID.serverAuth, OID.clientAuth],
      };
    case 'EndEntityClientAuthCertificate':
      return { name, kind: 'end-entity', keyUsage: ['digitalSignature'], extendedKeyUsage: [OID.clientAuth] };
    case 'EndEntityServerAuthCertificate':
      return {
        name,
        kind: 'end-entity',
        keyUsage: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsage: [OID.serverAuth],
      };
    case 'RootCACertificate':
    case 'BlankRootCACertificate':
      return { name, kind: 'root', keyUsage: CA_USAGE };
  }
  const m =
    /^(BlankRootCACertificate|SubordinateCACertificate|BlankSubordinateCACertificate)_PathLen([0-3])$/.exec(
      name,
    );
  if (m === null) return undefined;
  const kind = m[1] === 'BlankRootCACertificate' ? 'root' : 'subordinate';
  return { name, kind, keyUsage: CA_USAGE, pathLength: Number(m[2]) };
}
