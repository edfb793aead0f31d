import { bytesEqual } from './bytes.ts';
import type { Name, NameAttribute } from './name.ts';

/**
 * Whether two Names denote the same entity, per RFC 5280 §7.1: equal when their encodings are
 * identical, or when they have the same RDNs with the same attribute types and values, where
 * string values are compared after case folding and whitespace folding (a practical subset of
 * the RFC 4518 string preparation; it also equates a PrintableString with the same UTF8String).
 */
export function namesMatch(a: Name, b: Name): boolean {
  if (bytesEqual(a.der, b.der)) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdnA, index) => {
    const rdnB = b.rdns[index];
    if (rdnB === undefined || rdnA.length !== rdnB.length) return false;
    // Attributes of one RDN form a set: match each against any not yet used.
    const used = new Set<number>();
    return rdnA.every((attributeA) => {
      const match = rdnB.findIndex(
        (attributeB, position) => !used.has(position) && attributesMatch(attributeA, attributeB),
      );
      if (match < 0) return false;
      used.add(match);
      return true;
    });
  });
}

function attributesMatch(a: NameAttribute, b: NameAttribute): boolean {
  if (a.oid !== b.oid) return false;
  if (a.valueIsString && b.valueIsString) return foldForComparison(a.value) === foldForComparison(b.value);
  return bytesEqual(a.valueDer, b.valueDer);
}

function foldForComparison(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
