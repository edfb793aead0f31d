import { bitIsSet, readBitString } from '../der/bit-string.ts';
import type { DerNode } from '../der/node.ts';

/** RFC 5280 §4.2.1.3 KeyUsage, one flag per named bit. */
export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly dataEncipherment: boolean;
  readonly keyAgreement: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
  readonly encipherOnly: boolean;
  readonly decipherOnly: boolean;
}

export type KeyUsageBit = keyof KeyUsage;

/** The named bits in bit order (digitalSignature is bit 0). */
export const KEY_USAGE_BITS: readonly KeyUsageBit[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

export function parseKeyUsage(node: DerNode, what: string): KeyUsage {
  const bits = readBitString(node, what);
  const flag = (name: KeyUsageBit): boolean => bitIsSet(bits, KEY_USAGE_BITS.indexOf(name));
  return {
    digitalSignature: flag('digitalSignature'),
    nonRepudiation: flag('nonRepudiation'),
    keyEncipherment: flag('keyEncipherment'),
    dataEncipherment: flag('dataEncipherment'),
    keyAgreement: flag('keyAgreement'),
    keyCertSign: flag('keyCertSign'),
    cRLSign: flag('cRLSign'),
    encipherOnly: flag('encipherOnly'),
    decipherOnly: flag('decipherOnly'),
  };
}
