/**
 * The ARNs of what an operation created, read from its output for the audit record: for
 * `Create…`, `Import…` and `Issue…` operations, the string members named `…Arn` (or `Arn`) whose
 * value is an ARN, in the output or one level down (`{"trustAnchor": {"trustAnchorArn": …}}`,
 * `{"Role": {"Arn": …}}`, `{"CertificateArn": …}`). Nothing else is read: outputs may hold
 * secrets (CreateAccessKey's secret key), and no member so named ever does.
 */
const CREATING = /^(?:Create|Import|Issue)[A-Z]/;
const MAX_CREATED = 4;

export function createdResources(operation: string, output: unknown): string[] {
  if (!CREATING.test(operation)) return [];
  const found = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [key, member] of Object.entries(value)) {
      if (found.size >= MAX_CREATED) return;
      if (/Arn$/.test(key) && typeof member === 'string' && member.startsWith('arn:')) found.add(member);
      else if (depth < 1) visit(member, depth + 1);
    }
  };
  visit(output, 0);
  return [...found];
}
