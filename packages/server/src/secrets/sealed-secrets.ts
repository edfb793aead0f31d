/**
 * Every secret the store holds sealed with the data key, in one list: a data-key rotation must
 * re-seal each of them, and forgetting one would lose it with the old key. A new sealed field
 * belongs here (docs/key-management.md lists the same).
 *
 * - access keys: the secret access key, bound to the access key id (auth/access-keys.ts);
 * - token keys: the session-token sealing keys of the key ring, bound to their id (sts/key-ring.ts);
 * - certificate authorities: the CA private key as PKCS#8, bound to the CA (acm-pca/ca-key.ts).
 *
 * Console passwords are scrypt hashes and console sessions are stored by the SHA-256 of their
 * token: neither is sealed, and neither can be recovered from the store.
 */
import type { Collection, Store } from '@anchorage/store/port';
import { openCaKey, sealCaKey } from '../acm-pca/ca-key.ts';
import type { SecretBox } from './secret-box.ts';

export interface SealedSecretKind {
  /** For reports: what kind of secret this is. */
  readonly name: string;
  /**
   * Re-seals every record's secret that `target` does not open yet: opened with `either`, sealed
   * with `target`. Each record is one atomic update, so a concurrent write to it is not lost.
   * Resolves to how many records were re-sealed; rejects (having re-sealed some) if a secret
   * opens with neither key.
   */
  reseal(store: Store, either: SecretBox, target: SecretBox): Promise<number>;
  /** The ids of the records whose secret `box` does not open. */
  notOpenedBy(store: Store, box: SecretBox): Promise<string[]>;
  /** How many records hold such a secret. */
  count(store: Store): Promise<number>;
}

interface Spec<R extends { readonly id: string }> {
  readonly name: string;
  readonly collection: (store: Store) => Collection<R>;
  /** Throws unless `box` opens the record's secret. */
  readonly open: (record: R, box: SecretBox) => void;
  readonly reseal: (record: R, from: SecretBox, to: SecretBox) => R;
}

const PAGE = 100;

function kind<R extends { readonly id: string }>(spec: Spec<R>): SealedSecretKind {
  const opens = (record: R, box: SecretBox): boolean => {
    try {
      spec.open(record, box);
      return true;
    } catch {
      return false;
    }
  };
  async function* records(store: Store): AsyncGenerator<R> {
    let after: string | undefined;
    do {
      const page = await spec
        .collection(store)
        .list({ limit: PAGE, ...(after === undefined ? {} : { after }) });
      yield* page.items;
      after = page.next;
    } while (after !== undefined);
  }
  return {
    name: spec.name,
    async reseal(store, either, target) {
      let resealed = 0;
      for await (const listed of records(store)) {
        if (opens(listed, target)) continue;
        // Decided again on the current record, inside the atomic update: another writer may have
        // changed it since the listing.
        let changed = false;
        await spec.collection(store).update(listed.id, (current) => {
          changed = false;
          if (opens(current, target)) return current;
          changed = true;
          try {
            return spec.reseal(current, either, target);
          } catch {
            throw new Error(`the ${spec.name} of ${current.id} opens with neither data key`);
          }
        });
        if (changed) resealed++;
      }
      return resealed;
    },
    async notOpenedBy(store, box) {
      const ids: string[] = [];
      for await (const record of records(store)) if (!opens(record, box)) ids.push(record.id);
      return ids;
    },
    count: (store) => spec.collection(store).count(),
  };
}

export const SEALED_SECRETS: readonly SealedSecretKind[] = [
  kind({
    name: 'secret access key',
    collection: (store) => store.accessKeys,
    open: (record, box) => box.open(record.sealedSecret, record.id),
    reseal: (record, from, to) => ({
      ...record,
      sealedSecret: to.seal(from.open(record.sealedSecret, record.id), record.id),
    }),
  }),
  kind({
    name: 'session-token key',
    collection: (store) => store.tokenKeys,
    open: (record, box) => box.open(record.sealedKey, record.id),
    reseal: (record, from, to) => ({
      ...record,
      sealedKey: to.seal(from.open(record.sealedKey, record.id), record.id),
    }),
  }),
  kind({
    name: 'CA private key',
    collection: (store) => store.certificateAuthorities,
    open: (record, box) => openCaKey(box, record),
    reseal: (record, from, to) => ({
      ...record,
      sealedPrivateKey: sealCaKey(to, record.id, openCaKey(from, record)),
    }),
  }),
];
