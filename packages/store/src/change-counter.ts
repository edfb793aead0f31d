/**
 * Counting the writes a store makes, for `Store.changeMarker`: every insert, update and delete
 * through a collection moves the counter on, so a reader can tell "nothing was written since"
 * cheaply and keep what it read.
 */
import type { Collection } from './port.ts';

export interface ChangeCounter {
  value(): number;
  bump(): void;
}

export function createChangeCounter(): ChangeCounter {
  let value = 0;
  return {
    value: () => value,
    bump: () => {
      value++;
    },
  };
}

/** The collection with its writes counted; extra methods (listByTrustAnchor, …) are kept. */
export function counted<R extends { readonly id: string }, C extends Collection<R>>(
  collection: C,
  counter: ChangeCounter,
): C {
  const append = (collection as { append?: (records: readonly R[]) => Promise<number> }).append;
  const deleteOlderThan = (
    collection as { deleteOlderThan?: (before: number, limit: number) => Promise<number> }
  ).deleteOlderThan;
  return {
    ...collection,
    // So is its retention delete.
    ...(deleteOlderThan === undefined
      ? {}
      : {
          async deleteOlderThan(before: number, limit: number) {
            try {
              return await deleteOlderThan.call(collection, before, limit);
            } finally {
              counter.bump();
            }
          },
        }),
    // The audit trail's batch insert is a write like any other.
    ...(append === undefined
      ? {}
      : {
          async append(records: readonly R[]) {
            try {
              return await append.call(collection, records);
            } finally {
              counter.bump();
            }
          },
        }),
    async insert(record: R) {
      try {
        await collection.insert(record);
      } finally {
        counter.bump();
      }
    },
    async update(id: string, change: (current: R) => R) {
      try {
        return await collection.update(id, change);
      } finally {
        counter.bump();
      }
    },
    async delete(id: string) {
      try {
        return await collection.delete(id);
      } finally {
        counter.bump();
      }
    },
  };
}
