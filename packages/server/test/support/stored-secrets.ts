/**
 * The secrets a store holds sealed, read straight from the store the way a thief with the
 * database would, and the tests' own knowledge of what binds each one (the associated data): the
 * access key id, the token key id, `certificate-authority/<id>`. Kept apart from the server's list
 * (src/secrets/sealed-secrets.ts) so a kind the server forgot to re-seal still shows up here.
 */
import type { Store } from '@anchorage/store/port';

export interface StoredSecret {
  readonly kind: 'secret access key' | 'session-token key' | 'CA private key';
  readonly id: string;
  readonly associatedData: string;
  readonly sealed: string;
}

async function all<R>(
  list: (page: { limit: number; after?: string }) => Promise<{ items: readonly R[]; next?: string }>,
) {
  const out: R[] = [];
  let after: string | undefined;
  do {
    const page = await list({ limit: 100, ...(after === undefined ? {} : { after }) });
    out.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return out;
}

export async function storedSecrets(store: Store): Promise<StoredSecret[]> {
  const accessKeys = await all((p) => store.accessKeys.list(p));
  const tokenKeys = await all((p) => store.tokenKeys.list(p));
  const cas = await all((p) => store.certificateAuthorities.list(p));
  return [
    ...accessKeys.map((r) => ({
      kind: 'secret access key' as const,
      id: r.id,
      associatedData: r.id,
      sealed: r.sealedSecret,
    })),
    ...tokenKeys.map((r) => ({
      kind: 'session-token key' as const,
      id: r.id,
      associatedData: r.id,
      sealed: r.sealedKey,
    })),
    ...cas.map((r) => ({
      kind: 'CA private key' as const,
      id: r.id,
      associatedData: `certificate-authority/${r.id}`,
      sealed: r.sealedPrivateKey,
    })),
  ];
}

/** Every sealed text (`v1.<nonce>.<ciphertext>`) in some bytes: live rows, free pages, WAL frames. */
export function sealedTextsIn(bytes: Buffer): string[] {
  return [...new Set(bytes.toString('latin1').match(/v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}/g) ?? [])];
}
