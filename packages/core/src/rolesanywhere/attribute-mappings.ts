/**
 * PutAttributeMapping / DeleteAttributeMapping semantics.
 *
 * Put replaces the rules of one certificate field (a PUT of that field's mapping: idempotent, and
 * the only way to narrow the default `*` to, say, `CN`); fields not named keep their rules.
 * Delete with specifiers removes just those rules; without specifiers it removes the field's
 * mapping entirely. A field left with no rules disappears from the list. `Name` and `Name/` are
 * the same specifier as `Name/*` (User Guide, "Certificate attribute mapping") and are stored so.
 */
import type { AttributeMapping, CertificateField } from './records.ts';

export function normaliseSpecifier(field: CertificateField, specifier: string): string {
  if (field === 'x509SAN' && (specifier === 'Name' || specifier === 'Name/')) return 'Name/*';
  return specifier;
}

function uniqueRules(field: CertificateField, specifiers: readonly string[]): { specifier: string }[] {
  const seen = new Set<string>();
  const rules: { specifier: string }[] = [];
  for (const raw of specifiers) {
    const specifier = normaliseSpecifier(field, raw);
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    rules.push({ specifier });
  }
  return rules;
}

export function putAttributeMapping(
  current: readonly AttributeMapping[],
  field: CertificateField,
  specifiers: readonly string[],
): AttributeMapping[] {
  const rules = uniqueRules(field, specifiers);
  const others = current.filter((m) => m.certificateField !== field);
  return rules.length === 0 ? others : [...others, { certificateField: field, mappingRules: rules }];
}

export function deleteAttributeMapping(
  current: readonly AttributeMapping[],
  field: CertificateField,
  specifiers: readonly string[] | undefined,
): AttributeMapping[] {
  if (specifiers === undefined || specifiers.length === 0) {
    return current.filter((m) => m.certificateField !== field);
  }
  const removed = new Set(specifiers.map((s) => normaliseSpecifier(field, s)));
  const result: AttributeMapping[] = [];
  for (const mapping of current) {
    if (mapping.certificateField !== field) {
      result.push(mapping);
      continue;
    }
    const rules = mapping.mappingRules.filter((r) => !removed.has(r.specifier));
    if (rules.length > 0) result.push({ certificateField: field, mappingRules: rules });
  }
  return result;
}
