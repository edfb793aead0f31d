/** Puts records into a store directly, for resources the control plane cannot create (subjects). */
import { randomUUID } from 'node:crypto';
import type { Store } from '@anchorage/store/port';

export async function seedSubject(
  store: Store,
  accountId: string,
  x509Subject = 'CN=workload-1,O=Example',
): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await store.subjects.insert({
    id,
    arn: `arn:aws:rolesanywhere:us-east-1:${accountId}:subject/${id}`,
    x509Subject,
    enabled: true,
    lastSeenAt: now,
    credentials: [
      {
        seenAt: now,
        serialNumber: '0123456789ABCDEF',
        issuer: 'CN=Test Intermediate CA,O=Example,C=US',
        enabled: true,
        x509CertificateData: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        failed: false,
      },
    ],
    instanceProperties: [{ seenAt: now, properties: { hostname: 'host-1' }, failed: false }],
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
