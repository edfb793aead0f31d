/**
 * The one conformance suite every store backend passes (memory, SQLite, PostgreSQL): the
 * contract of `src/port.ts`, written as node:test tests.
 *
 * `open` must resolve to a new, empty store each time it is called. `reopen`, for a persistent
 * backend, must open the data of the store most recently returned by `open`, after that store
 * was closed; the suite then checks that everything written is read back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tag } from '@anchorage/core/rolesanywhere/records';
import {
  type Collection,
  DuplicateIdError,
  DuplicateKeyError,
  InvalidCursorError,
  type Store,
} from '@anchorage/store/port';
import {
  makeAccessKey,
  makeAuditEvent,
  makeCertificateAuthority,
  makeConsoleSession,
  makeConsoleUser,
  makeCrl,
  makeIssuedCertificate,
  makeManagedPolicy,
  makeNotificationEvent,
  makeProfile,
  makeRole,
  makeSubject,
  makeTokenKey,
  makeTrustAnchor,
  timestamp,
} from './records.ts';
import { replayClaimsTests } from './replay-claims-conformance.ts';

export interface ConformanceOptions {
  readonly reopen?: () => Promise<Store>;
}

type Open = () => Promise<Store>;

/** How one collection is exercised by the generic tests. */
interface CollectionCase<R extends { readonly id: string }> {
  readonly name:
    | 'trustAnchors'
    | 'profiles'
    | 'crls'
    | 'subjects'
    | 'accessKeys'
    | 'roles'
    | 'managedPolicies'
    | 'tokenKeys'
    | 'certificateAuthorities'
    | 'issuedCertificates'
    | 'notificationEvents'
    | 'auditEvents'
    | 'consoleSessions'
    | 'consoleUsers';
  readonly select: (store: Store) => Collection<R>;
  /** Record number `n`; equal for equal `n`, distinct (id and unique fields) otherwise. */
  readonly make: (n: number) => R;
  /** A realistic edit, as a handler would make it. */
  readonly change: (record: R) => R;
  /** A list field to which concurrent updates each append one element named by `marker`. */
  readonly listField?: {
    readonly append: (record: R, marker: string) => R;
    readonly markers: (record: R) => readonly string[];
  };
}

const appendTag = <R extends { readonly tags: readonly Tag[] }>(record: R, marker: string): R => ({
  ...record,
  tags: [...record.tags, { key: marker, value: 'concurrent' }],
});

const trustAnchorCase: CollectionCase<ReturnType<typeof makeTrustAnchor>> = {
  name: 'trustAnchors',
  select: (store) => store.trustAnchors,
  make: (n) => makeTrustAnchor(n),
  change: (anchor) => ({
    ...anchor,
    enabled: !anchor.enabled,
    name: `${anchor.name}-renamed`,
    updatedAt: timestamp(9_000),
  }),
  listField: { append: appendTag, markers: (anchor) => anchor.tags.map((tag) => tag.key) },
};

const profileCase: CollectionCase<ReturnType<typeof makeProfile>> = {
  name: 'profiles',
  select: (store) => store.profiles,
  make: (n) => makeProfile(n),
  change: (profile) => ({
    ...profile,
    durationSeconds: profile.durationSeconds + 900,
    managedPolicyArns: [],
    updatedAt: timestamp(9_000),
  }),
  listField: {
    append: (profile, marker) => ({ ...profile, roleArns: [...profile.roleArns, marker] }),
    markers: (profile) => profile.roleArns,
  },
};

const crlCase: CollectionCase<ReturnType<typeof makeCrl>> = {
  name: 'crls',
  select: (store) => store.crls,
  make: (n) => makeCrl(n),
  change: (crl) => ({ ...crl, enabled: !crl.enabled, crlData: Buffer.from('new crl').toString('base64') }),
  listField: { append: appendTag, markers: (crl) => crl.tags.map((tag) => tag.key) },
};

const subjectCase: CollectionCase<ReturnType<typeof makeSubject>> = {
  name: 'subjects',
  select: (store) => store.subjects,
  make: (n) => makeSubject(n),
  change: (subject) => ({ ...subject, lastSeenAt: timestamp(9_000), updatedAt: timestamp(9_000) }),
  listField: {
    append: (subject, marker) => ({
      ...subject,
      instanceProperties: [
        ...subject.instanceProperties,
        { seenAt: timestamp(9_000), properties: { marker }, failed: false },
      ],
    }),
    markers: (subject) => subject.instanceProperties.flatMap((p) => p.properties.marker ?? []),
  },
};

const accessKeyCase: CollectionCase<ReturnType<typeof makeAccessKey>> = {
  name: 'accessKeys',
  select: (store) => store.accessKeys,
  make: (n) => makeAccessKey(n),
  change: (key) => ({ ...key, status: key.status === 'Active' ? 'Inactive' : 'Active' }),
};

const roleCase: CollectionCase<ReturnType<typeof makeRole>> = {
  name: 'roles',
  select: (store) => store.roles,
  make: (n) => makeRole(n),
  change: (role) => ({ ...role, maxSessionDuration: 7200, description: 'changed' }),
  listField: {
    append: (role, marker) => ({
      ...role,
      inlinePolicies: [...role.inlinePolicies, { name: marker, document: '{}' }],
    }),
    markers: (role) => role.inlinePolicies.map((p) => p.name).filter((name) => name !== 'inline'),
  },
};

const managedPolicyCase: CollectionCase<ReturnType<typeof makeManagedPolicy>> = {
  name: 'managedPolicies',
  select: (store) => store.managedPolicies,
  make: (n) => makeManagedPolicy(n),
  change: (policy) => ({ ...policy, defaultVersionId: 'v2', nextVersion: 3 }),
  listField: {
    append: (policy, marker) => ({ ...policy, tags: [...policy.tags, { key: marker, value: 'concurrent' }] }),
    markers: (policy) => policy.tags.map((t) => t.key),
  },
};

const tokenKeyCase: CollectionCase<ReturnType<typeof makeTokenKey>> = {
  name: 'tokenKeys',
  select: (store) => store.tokenKeys,
  make: (n) => makeTokenKey(n),
  change: (key) => ({ ...key, status: 'retired' }),
};

const certificateAuthorityCase: CollectionCase<ReturnType<typeof makeCertificateAuthority>> = {
  name: 'certificateAuthorities',
  select: (store) => store.certificateAuthorities,
  make: (n) => makeCertificateAuthority(n),
  change: (ca) => ({ ...ca, status: 'DISABLED', lastStateChangeAt: timestamp(9_000) }),
  listField: { append: appendTag, markers: (ca) => ca.tags.map((tag) => tag.key) },
};

const issuedCertificateCase: CollectionCase<ReturnType<typeof makeIssuedCertificate>> = {
  name: 'issuedCertificates',
  select: (store) => store.issuedCertificates,
  make: (n) => makeIssuedCertificate(n),
  change: (certificate) => ({
    ...certificate,
    revokedAt: timestamp(9_000),
    revocationReason: 'KEY_COMPROMISE',
  }),
};

const notificationEventCase: CollectionCase<ReturnType<typeof makeNotificationEvent>> = {
  name: 'notificationEvents',
  select: (store) => store.notificationEvents,
  make: (n) => makeNotificationEvent(n),
  change: (event) => ({
    ...event,
    deliveries: [...event.deliveries, { channel: 'webhook', status: 'delivered', attempts: 2 }],
  }),
  listField: {
    append: (event, marker) => ({
      ...event,
      deliveries: [
        ...event.deliveries,
        { channel: 'webhook', status: 'failed', attempts: 1, lastError: marker },
      ],
    }),
    markers: (event) => event.deliveries.flatMap((d) => d.lastError ?? []),
  },
};

const auditEventCase: CollectionCase<ReturnType<typeof makeAuditEvent>> = {
  name: 'auditEvents',
  select: (store) => store.auditEvents,
  make: (n) => makeAuditEvent(n),
  // The trail is append-only by use; the contract still allows an update, tested like the rest.
  change: (event) => ({ ...event, reason: 'changed' }),
};

const consoleSessionCase: CollectionCase<ReturnType<typeof makeConsoleSession>> = {
  name: 'consoleSessions',
  select: (store) => store.consoleSessions,
  make: (n) => makeConsoleSession(n),
  change: (session) => ({ ...session, expiresAt: timestamp(9_000) }),
};

const consoleUserCase: CollectionCase<ReturnType<typeof makeConsoleUser>> = {
  name: 'consoleUsers',
  select: (store) => store.consoleUsers,
  make: (n) => makeConsoleUser(n),
  change: (user) => ({ ...user, passwordHash: 'scrypt$16384$8$1$bmV3$bmV3', updatedAt: timestamp(9_000) }),
};

export function runStoreConformance(name: string, open: Open, options: ConformanceOptions = {}): void {
  describe(name, () => {
    describe('store', () => storeTests(open));
    describe(trustAnchorCase.name, () => collectionTests(open, trustAnchorCase));
    describe(profileCase.name, () => collectionTests(open, profileCase));
    describe(crlCase.name, () => {
      collectionTests(open, crlCase);
      crlTests(open);
    });
    describe(subjectCase.name, () => {
      collectionTests(open, subjectCase);
      subjectTests(open);
    });
    describe(accessKeyCase.name, () => collectionTests(open, accessKeyCase));
    describe(roleCase.name, () => collectionTests(open, roleCase));
    describe(managedPolicyCase.name, () => collectionTests(open, managedPolicyCase));
    describe(tokenKeyCase.name, () => collectionTests(open, tokenKeyCase));
    describe(certificateAuthorityCase.name, () => collectionTests(open, certificateAuthorityCase));
    describe(issuedCertificateCase.name, () => {
      collectionTests(open, issuedCertificateCase);
      issuedCertificateTests(open);
    });
    describe(notificationEventCase.name, () => collectionTests(open, notificationEventCase));
    describe(auditEventCase.name, () => {
      collectionTests(open, auditEventCase);
      auditTests(open);
    });
    describe(consoleSessionCase.name, () => collectionTests(open, consoleSessionCase));
    describe(consoleUserCase.name, () => collectionTests(open, consoleUserCase));
    describe('replayClaims', () => replayClaimsTests(open));
    const { reopen } = options;
    if (reopen !== undefined) describe('reopen', () => reopenTests(open, reopen));
  });
}

async function withStore(open: Open, use: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

/** Mutates every object and array reachable from `value`, to prove the store kept its own copy. */
function deface(value: unknown): void {
  if (Array.isArray(value)) {
    for (const element of value) deface(element);
    value.push('defaced');
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === 'string') Reflect.set(value, key, `defaced ${field}`);
      else deface(field);
    }
    Reflect.set(value, 'defaced', true);
  }
}

async function insertAll<R extends { readonly id: string }>(
  collection: Collection<R>,
  records: readonly R[],
): Promise<void> {
  for (const record of records) await collection.insert(record);
}

/** Every record, walking the pages with `limit`; also returns the size of each page. */
async function listAll<R extends { readonly id: string }>(
  collection: Collection<R>,
  limit: number,
  after?: string,
): Promise<{ ids: string[]; pageSizes: number[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor = after;
  for (;;) {
    const page = await collection.list(cursor === undefined ? { limit } : { limit, after: cursor });
    ids.push(...page.items.map((item) => item.id));
    pageSizes.push(page.items.length);
    if (page.next === undefined) return { ids, pageSizes };
    assert.ok(pageSizes.length <= 10_000, 'list does not terminate');
    cursor = page.next;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function storeTests(open: Open): void {
  test('ok/the change marker stays across reads and moves at every write', () =>
    withStore(open, async (store) => {
      const start = await store.changeMarker();
      await store.profiles.get('absent');
      await store.profiles.list({ limit: 10 });
      assert.equal(await store.changeMarker(), start, 'reads change nothing');
      await store.profiles.insert(makeProfile(1));
      const afterInsert = await store.changeMarker();
      assert.notEqual(afterInsert, start);
      await store.profiles.update(makeProfile(1).id, (p) => ({ ...p, durationSeconds: 900 }));
      const afterUpdate = await store.changeMarker();
      assert.notEqual(afterUpdate, afterInsert);
      await store.crls.insert(makeCrl(1));
      await store.crls.delete(makeCrl(1).id);
      assert.notEqual(await store.changeMarker(), afterUpdate);
    }));

  test('ok/collections are separate: one id may exist in two of them', () =>
    withStore(open, async (store) => {
      const anchor = makeTrustAnchor(1);
      const profile = makeProfile(1, { id: anchor.id });
      await store.trustAnchors.insert(anchor);
      await store.profiles.insert(profile);
      assert.deepEqual(await store.trustAnchors.get(anchor.id), anchor);
      assert.deepEqual(await store.profiles.get(anchor.id), profile);
      assert.equal(await store.crls.count(), 0);
    }));

  test('fail/calls after close reject', async () => {
    const store = await open();
    await store.trustAnchors.insert(makeTrustAnchor(1));
    await store.close();
    await assert.rejects(store.trustAnchors.get(makeTrustAnchor(1).id));
    await assert.rejects(store.trustAnchors.insert(makeTrustAnchor(2)));
  });
}

function collectionTests<R extends { readonly id: string }>(open: Open, c: CollectionCase<R>): void {
  const run = (use: (collection: Collection<R>, store: Store) => Promise<void>) => () =>
    withStore(open, (store) => use(c.select(store), store));

  test(
    'ok/insert then get returns an equal record',
    run(async (collection) => {
      await collection.insert(c.make(1));
      assert.deepEqual(await collection.get(c.make(1).id), c.make(1));
    }),
  );

  test(
    'ok/get of an unknown id resolves to undefined',
    run(async (collection) => {
      await collection.insert(c.make(1));
      assert.equal(await collection.get(c.make(2).id), undefined);
    }),
  );

  test(
    'fail/insert of an existing id rejects with DuplicateIdError and keeps the first record',
    run(async (collection) => {
      await collection.insert(c.make(1));
      await assert.rejects(collection.insert(c.change(c.make(1))), (error) => {
        assert.ok(error instanceof DuplicateIdError);
        assert.equal(error.id, c.make(1).id);
        return true;
      });
      assert.deepEqual(await collection.get(c.make(1).id), c.make(1));
      assert.equal(await collection.count(), 1);
    }),
  );

  test(
    'ok/update passes the current record to change, stores the result and resolves to it',
    run(async (collection) => {
      await insertAll(collection, [c.make(1), c.make(2)]);
      const once = c.change(c.make(1));
      const twice = c.change(once);
      assert.deepEqual(await collection.update(c.make(1).id, c.change), once);
      const seen: R[] = [];
      const result = await collection.update(c.make(1).id, (current) => {
        seen.push(current);
        return c.change(current);
      });
      assert.deepEqual(seen, [once]);
      assert.deepEqual(result, twice);
      assert.deepEqual(await collection.get(c.make(1).id), twice);
      assert.deepEqual(await collection.get(c.make(2).id), c.make(2));
    }),
  );

  test(
    'ok/update keeps the record in its place in the insertion order',
    run(async (collection) => {
      await insertAll(collection, [c.make(1), c.make(2), c.make(3)]);
      await collection.update(c.make(1).id, c.change);
      const { ids } = await listAll(collection, 10);
      assert.deepEqual(ids, [c.make(1).id, c.make(2).id, c.make(3).id]);
    }),
  );

  test(
    'fail/update of an unknown id resolves to undefined without calling change',
    run(async (collection) => {
      await collection.insert(c.make(1));
      let called = false;
      const result = await collection.update(c.make(2).id, (current) => {
        called = true;
        return current;
      });
      assert.equal(result, undefined);
      assert.equal(called, false);
      assert.equal(await collection.count(), 1);
    }),
  );

  test(
    'fail/update whose change throws rejects with that very error and writes nothing',
    run(async (collection) => {
      await collection.insert(c.make(1));
      const refusal = new Error('refused: the current state does not allow it');
      await assert.rejects(
        collection.update(c.make(1).id, (current) => {
          // A change that scribbles on its argument before refusing must not leak the scribbles.
          deface(current);
          throw refusal;
        }),
        (error) => error === refusal,
      );
      assert.deepEqual(await collection.get(c.make(1).id), c.make(1));
    }),
  );

  test(
    'fail/update that changes the id rejects with TypeError and writes nothing',
    run(async (collection) => {
      await collection.insert(c.make(1));
      await assert.rejects(
        collection.update(c.make(1).id, (current) => ({ ...c.change(current), id: c.make(2).id })),
        TypeError,
      );
      assert.deepEqual(await collection.get(c.make(1).id), c.make(1));
      assert.equal(await collection.get(c.make(2).id), undefined);
    }),
  );

  test(
    'ok/delete resolves to the removed record; get, list and count no longer see it',
    run(async (collection) => {
      await insertAll(collection, [c.make(1), c.make(2), c.make(3)]);
      assert.deepEqual(await collection.delete(c.make(2).id), c.make(2));
      assert.equal(await collection.get(c.make(2).id), undefined);
      assert.equal(await collection.count(), 2);
      assert.deepEqual((await listAll(collection, 10)).ids, [c.make(1).id, c.make(3).id]);
    }),
  );

  test(
    'fail/delete of an unknown id resolves to undefined and removes nothing',
    run(async (collection) => {
      await collection.insert(c.make(1));
      assert.equal(await collection.delete(c.make(2).id), undefined);
      assert.equal(await collection.delete(c.make(2).id), undefined);
      assert.equal(await collection.count(), 1);
    }),
  );

  test(
    'ok/count follows inserts and deletes',
    run(async (collection) => {
      assert.equal(await collection.count(), 0);
      await insertAll(collection, [c.make(1), c.make(2), c.make(3)]);
      assert.equal(await collection.count(), 3);
      await collection.delete(c.make(1).id);
      assert.equal(await collection.count(), 2);
    }),
  );

  test(
    'ok/records going in and coming out are copies',
    run(async (collection) => {
      const inserted = c.make(1);
      await collection.insert(inserted);
      deface(inserted);
      deface(await collection.get(c.make(1).id));
      deface((await collection.list({ limit: 10 })).items);
      assert.deepEqual(await collection.get(c.make(1).id), c.make(1));

      let returnedByChange: R | undefined;
      const updated = await collection.update(c.make(1).id, (current) => {
        returnedByChange = c.change(current);
        return returnedByChange;
      });
      deface(returnedByChange);
      deface(updated);
      assert.deepEqual(await collection.get(c.make(1).id), c.change(c.make(1)));
    }),
  );

  test(
    'ok/list returns records in insertion order, not id order',
    run(async (collection) => {
      await insertAll(collection, [c.make(3), c.make(1), c.make(2)]);
      const page = await collection.list({ limit: 10 });
      assert.deepEqual(page.items, [c.make(3), c.make(1), c.make(2)]);
      assert.equal(page.next, undefined);
    }),
  );

  test(
    'ok/a record deleted and inserted again moves to the end',
    run(async (collection) => {
      await insertAll(collection, [c.make(1), c.make(2), c.make(3)]);
      await collection.delete(c.make(1).id);
      await collection.insert(c.make(1));
      assert.deepEqual((await listAll(collection, 10)).ids, [c.make(2).id, c.make(3).id, c.make(1).id]);
    }),
  );

  test(
    'ok/list of an empty collection is one empty page without next',
    run(async (collection) => {
      assert.deepEqual(await collection.list({ limit: 1 }), { items: [] });
      assert.deepEqual(await collection.list({ limit: 100 }), { items: [] });
    }),
  );

  test(
    'ok/list with limit 1 walks every record, one per page',
    run(async (collection) => {
      await insertAll(collection, range(1, 5).map(c.make));
      const { ids, pageSizes } = await listAll(collection, 1);
      assert.deepEqual(
        ids,
        range(1, 5).map((n) => c.make(n).id),
      );
      assert.deepEqual(pageSizes, [1, 1, 1, 1, 1]);
    }),
  );

  test(
    'ok/list with limit 2 over an odd number of records ends on a short page',
    run(async (collection) => {
      await insertAll(collection, range(1, 5).map(c.make));
      const { ids, pageSizes } = await listAll(collection, 2);
      assert.deepEqual(
        ids,
        range(1, 5).map((n) => c.make(n).id),
      );
      assert.deepEqual(pageSizes, [2, 2, 1]);
    }),
  );

  test(
    'ok/list with a limit larger than the collection returns everything without next',
    run(async (collection) => {
      await insertAll(collection, range(1, 25).map(c.make));
      const page = await collection.list({ limit: 1000 });
      assert.deepEqual(page.items, range(1, 25).map(c.make));
      assert.equal(page.next, undefined);
    }),
  );

  test(
    'ok/a page that ends exactly at the last record carries no next',
    run(async (collection) => {
      await insertAll(collection, range(1, 4).map(c.make));
      assert.deepEqual((await listAll(collection, 2)).pageSizes, [2, 2]);
      assert.deepEqual((await listAll(collection, 4)).pageSizes, [4]);
      const three = await collection.list({ limit: 3 });
      assert.equal(three.items.length, 3);
      assert.notEqual(three.next, undefined);
    }),
  );

  test(
    'ok/a cursor stays valid across inserts of other records',
    run(async (collection) => {
      await insertAll(collection, range(1, 4).map(c.make));
      const first = await collection.list({ limit: 2 });
      assert.ok(first.next !== undefined);
      await insertAll(collection, [c.make(5), c.make(6)]);
      const rest = await listAll(collection, 2, first.next);
      assert.deepEqual(
        rest.ids,
        range(3, 6).map((n) => c.make(n).id),
      );
    }),
  );

  test(
    'ok/a cursor stays valid when the record it names and others are deleted',
    run(async (collection) => {
      await insertAll(collection, range(1, 6).map(c.make));
      const first = await collection.list({ limit: 2 });
      assert.ok(first.next !== undefined);
      for (const n of [1, 2, 3]) await collection.delete(c.make(n).id);
      const rest = await listAll(collection, 2, first.next);
      assert.deepEqual(
        rest.ids,
        range(4, 6).map((n) => c.make(n).id),
      );
    }),
  );

  test(
    'ok/a cursor naming a deleted newest record does not skip a record inserted after it',
    run(async (collection) => {
      // A backend that reused the position of a deleted newest record (SQLite rowid without
      // AUTOINCREMENT) would hand it to record 4, which the cursor would then skip.
      await insertAll(collection, range(1, 3).map(c.make));
      const first = await collection.list({ limit: 2 });
      assert.ok(first.next !== undefined);
      await collection.delete(c.make(3).id);
      await collection.delete(c.make(2).id);
      await collection.insert(c.make(4));
      assert.deepEqual((await listAll(collection, 2, first.next)).ids, [c.make(4).id]);
    }),
  );

  test(
    'ok/a cursor past the last record yields an empty page',
    run(async (collection) => {
      await insertAll(collection, range(1, 2).map(c.make));
      const first = await collection.list({ limit: 1 });
      assert.ok(first.next !== undefined);
      await collection.delete(c.make(2).id);
      assert.deepEqual(await collection.list({ limit: 5, after: first.next }), { items: [] });
    }),
  );

  test(
    'fail/list with a malformed or foreign cursor rejects with InvalidCursorError',
    run(async (collection, store) => {
      await insertAll(collection, range(1, 3).map(c.make));
      const valid = (await collection.list({ limit: 1 })).next;
      assert.ok(valid !== undefined);
      const foreign = await foreignCursor(store, c.name);
      const malformed = [
        '',
        ' ',
        'not a cursor',
        '!!!!',
        `${valid}!`,
        `${valid}==`,
        '0',
        '-1',
        'x'.repeat(10_000),
        foreign,
      ];
      for (const after of malformed) {
        await assert.rejects(
          collection.list({ limit: 1, after }),
          InvalidCursorError,
          `cursor ${after.slice(0, 40)}`,
        );
      }
    }),
  );

  test(
    'fail/list with a limit that is not a positive integer rejects with RangeError',
    run(async (collection) => {
      await collection.insert(c.make(1));
      for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(collection.list({ limit }), RangeError, `limit ${limit}`);
      }
    }),
  );

  test(
    'ok/200 concurrent inserts all land',
    run(async (collection) => {
      const numbers = range(1, 200);
      await Promise.all(numbers.map((n) => collection.insert(c.make(n))));
      assert.equal(await collection.count(), 200);
      const { ids } = await listAll(collection, 64);
      assert.deepEqual(new Set(ids), new Set(numbers.map((n) => c.make(n).id)));
    }),
  );

  const { listField } = c;
  if (listField !== undefined) {
    test(
      'ok/200 concurrent updates of one record each append an element and none is lost',
      run(async (collection) => {
        await insertAll(collection, [c.make(1), c.make(2)]);
        const markers = range(1, 200).map((n) => `concurrent-${n}`);
        const results = await Promise.all(
          markers.map((marker) =>
            collection.update(c.make(1).id, (current) => listField.append(current, marker)),
          ),
        );
        assert.ok(results.every((result) => result !== undefined));
        const stored = await collection.get(c.make(1).id);
        assert.ok(stored !== undefined);
        const present = listField.markers(stored).filter((marker) => marker.startsWith('concurrent-'));
        assert.equal(present.length, 200);
        assert.deepEqual(new Set(present), new Set(markers));
        assert.deepEqual(await collection.get(c.make(2).id), c.make(2));
      }),
    );
  }
}

/** A well-formed cursor handed out by a collection other than `name`. */
async function foreignCursor(
  store: Store,
  name: CollectionCase<{ readonly id: string }>['name'],
): Promise<string> {
  const page =
    name === 'accessKeys'
      ? await insertAll(store.profiles, [makeProfile(1), makeProfile(2)]).then(() =>
          store.profiles.list({ limit: 1 }),
        )
      : await insertAll(store.accessKeys, [makeAccessKey(1), makeAccessKey(2)]).then(() =>
          store.accessKeys.list({ limit: 1 }),
        );
  assert.ok(page.next !== undefined);
  return page.next;
}

function crlTests(open: Open): void {
  const anchorA = makeTrustAnchor(1).arn;
  const anchorB = makeTrustAnchor(2).arn;
  /** CRLs 1, 3, 5 belong to anchor A; 2 and 4 to anchor B. */
  const crl = (n: number) => makeCrl(n, { trustAnchorArn: n % 2 === 1 ? anchorA : anchorB });

  test('ok/listByTrustAnchor returns exactly the anchor’s CRLs, oldest first', () =>
    withStore(open, async (store) => {
      await insertAll(store.crls, [crl(5), crl(2), crl(1), crl(4), crl(3)]);
      assert.deepEqual(await store.crls.listByTrustAnchor(anchorA), [crl(5), crl(1), crl(3)]);
      assert.deepEqual(await store.crls.listByTrustAnchor(anchorB), [crl(2), crl(4)]);
      assert.deepEqual(await store.crls.listByTrustAnchor(makeTrustAnchor(3).arn), []);
    }));

  test('ok/listByTrustAnchor follows updates and deletes', () =>
    withStore(open, async (store) => {
      await insertAll(store.crls, range(1, 5).map(crl));
      await store.crls.update(crl(3).id, (current) => ({ ...current, trustAnchorArn: anchorB }));
      await store.crls.delete(crl(1).id);
      assert.deepEqual(await store.crls.listByTrustAnchor(anchorA), [crl(5)]);
      assert.deepEqual(await store.crls.listByTrustAnchor(anchorB), [
        crl(2),
        { ...crl(3), trustAnchorArn: anchorB },
        crl(4),
      ]);
    }));

  test('ok/listByTrustAnchor returns copies', () =>
    withStore(open, async (store) => {
      await insertAll(store.crls, [crl(1), crl(3)]);
      deface(await store.crls.listByTrustAnchor(anchorA));
      assert.deepEqual(await store.crls.listByTrustAnchor(anchorA), [crl(1), crl(3)]);
    }));
}

function auditTests(open: Open): void {
  test('ok/listNewestFirst pages from the newest record back, with stable cursors', () =>
    withStore(open, async (store) => {
      await insertAll(
        store.auditEvents,
        range(1, 7).map((n) => makeAuditEvent(n)),
      );
      const first = await store.auditEvents.listNewestFirst({ limit: 3 });
      assert.deepEqual(
        first.items,
        [7, 6, 5].map((n) => makeAuditEvent(n)),
      );
      assert.ok(first.next !== undefined);
      // A record added meanwhile does not shift the pages already started.
      await store.auditEvents.insert(makeAuditEvent(8));
      const second = await store.auditEvents.listNewestFirst({ limit: 3, after: first.next });
      assert.deepEqual(
        second.items,
        [4, 3, 2].map((n) => makeAuditEvent(n)),
      );
      const third = await store.auditEvents.listNewestFirst({ limit: 3, after: second.next ?? '' });
      assert.deepEqual(third.items, [makeAuditEvent(1)]);
      assert.equal(third.next, undefined);
      assert.deepEqual((await store.auditEvents.listNewestFirst({ limit: 1 })).items, [makeAuditEvent(8)]);
    }));

  test('ok/append adds a batch in order, skips ids already stored, and moves the change marker', () =>
    withStore(open, async (store) => {
      await store.auditEvents.insert(makeAuditEvent(2));
      const before = await store.changeMarker();
      const added = await store.auditEvents.append([1, 2, 3, 4].map((n) => makeAuditEvent(n)));
      assert.equal(added, 3);
      assert.notEqual(await store.changeMarker(), before);
      const all = await store.auditEvents.list({ limit: 10 });
      assert.deepEqual(
        all.items.map((e) => e.id),
        [2, 1, 3, 4].map((n) => makeAuditEvent(n).id),
      );
      assert.equal(await store.auditEvents.append([]), 0);
      // A batch retried whole writes nothing twice.
      assert.equal(await store.auditEvents.append([1, 3, 4].map((n) => makeAuditEvent(n))), 0);
      assert.equal(await store.auditEvents.count(), 4);
    }));

  test('fail/listNewestFirst refuses an oldest-first cursor and a bad limit', () =>
    withStore(open, async (store) => {
      await insertAll(
        store.auditEvents,
        range(1, 3).map((n) => makeAuditEvent(n)),
      );
      const forward = await store.auditEvents.list({ limit: 1 });
      await assert.rejects(
        store.auditEvents.listNewestFirst({ limit: 1, after: forward.next ?? '' }),
        InvalidCursorError,
      );
      await assert.rejects(store.auditEvents.listNewestFirst({ limit: 0 }), RangeError);
    }));

  test('ok/deleteOlderThan removes records older than the cutoff, oldest first, and never a newer one', () =>
    withStore(open, async (store) => {
      // Stored out of time order (as requests finish), so that "oldest" means by time, not by insertion.
      const order = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10];
      await store.auditEvents.append(order.map((n) => makeAuditEvent(n)));
      const cutoff = Date.parse(timestamp(7)); // records 1–6 are older; 7 (at the cutoff) is not
      const before = await store.changeMarker();
      assert.equal(await store.auditEvents.deleteOlderThan(cutoff, 4), 4);
      assert.notEqual(await store.changeMarker(), before);
      const left = async () => (await store.auditEvents.list({ limit: 100 })).items.map((e) => e.id);
      assert.deepEqual(
        await left(),
        [5, 9, 7, 8, 6, 10].map((n) => makeAuditEvent(n).id),
        'the four oldest went first',
      );
      assert.equal(await store.auditEvents.deleteOlderThan(cutoff, 4), 2);
      assert.equal(await store.auditEvents.deleteOlderThan(cutoff, 4), 0, 'a repeat removes nothing');
      assert.deepEqual(
        await left(),
        [9, 7, 8, 10].map((n) => makeAuditEvent(n).id),
      );
      // What is kept reads back whole, newest first as before.
      assert.deepEqual(
        (await store.auditEvents.listNewestFirst({ limit: 10 })).items,
        [10, 8, 7, 9].map((n) => makeAuditEvent(n)),
      );
      assert.equal(await store.auditEvents.deleteOlderThan(Date.parse(timestamp(0)), 100), 0);
      assert.equal(await store.auditEvents.count(), 4);
    }));

  test('ok/concurrent deleteOlderThan calls remove each old record once and keep the rest', () =>
    withStore(open, async (store) => {
      await store.auditEvents.append(range(1, 60).map((n) => makeAuditEvent(n)));
      const cutoff = Date.parse(timestamp(41));
      const removed = await Promise.all(range(1, 6).map(() => store.auditEvents.deleteOlderThan(cutoff, 7)));
      let total = removed.reduce((a, b) => a + b, 0);
      // Each call removed at most its limit; the rest goes in further rounds, as the prune job does.
      assert.ok(removed.every((n) => n >= 0 && n <= 7));
      for (let n = 1; n > 0; total += n) n = await store.auditEvents.deleteOlderThan(cutoff, 7);
      assert.equal(total, 40);
      assert.deepEqual(
        (await store.auditEvents.list({ limit: 100 })).items.map((e) => e.id),
        range(41, 60).map((n) => makeAuditEvent(n).id),
      );
    }));

  test('fail/deleteOlderThan refuses a bad limit or time and removes nothing', () =>
    withStore(open, async (store) => {
      await store.auditEvents.append(range(1, 3).map((n) => makeAuditEvent(n)));
      const later = Date.parse(timestamp(10));
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(store.auditEvents.deleteOlderThan(later, limit), RangeError);
      }
      await assert.rejects(store.auditEvents.deleteOlderThan(Number.NaN, 10), RangeError);
      await assert.rejects(store.auditEvents.deleteOlderThan(Number.POSITIVE_INFINITY, 10), RangeError);
      assert.equal(await store.auditEvents.count(), 3);
    }));
}

function issuedCertificateTests(open: Open): void {
  const caA = makeCertificateAuthority(1).arn;
  const caB = makeCertificateAuthority(2).arn;
  const issued = (n: number) =>
    makeIssuedCertificate(n, { certificateAuthorityArn: n % 2 === 1 ? caA : caB });

  test('ok/listByCertificateAuthority returns exactly the CA’s certificates, oldest first, following updates and deletes', () =>
    withStore(open, async (store) => {
      await insertAll(store.issuedCertificates, [issued(5), issued(2), issued(1), issued(4), issued(3)]);
      assert.deepEqual(await store.issuedCertificates.listByCertificateAuthority(caA), [
        issued(5),
        issued(1),
        issued(3),
      ]);
      assert.deepEqual(await store.issuedCertificates.listByCertificateAuthority(caB), [
        issued(2),
        issued(4),
      ]);
      const revoked = { ...issued(1), revokedAt: timestamp(9_000), revocationReason: 'SUPERSEDED' as const };
      await store.issuedCertificates.update(issued(1).id, () => revoked);
      await store.issuedCertificates.delete(issued(5).id);
      assert.deepEqual(await store.issuedCertificates.listByCertificateAuthority(caA), [revoked, issued(3)]);
      assert.deepEqual(
        await store.issuedCertificates.listByCertificateAuthority(makeCertificateAuthority(3).arn),
        [],
      );
      deface(await store.issuedCertificates.listByCertificateAuthority(caB));
      assert.deepEqual(await store.issuedCertificates.listByCertificateAuthority(caB), [
        issued(2),
        issued(4),
      ]);
    }));
}

function subjectTests(open: Open): void {
  test('ok/findByX509Subject finds the subject, or resolves to undefined', () =>
    withStore(open, async (store) => {
      await insertAll(
        store.subjects,
        range(1, 3).map((n) => makeSubject(n)),
      );
      assert.deepEqual(await store.subjects.findByX509Subject(makeSubject(2).x509Subject), makeSubject(2));
      assert.equal(await store.subjects.findByX509Subject(makeSubject(4).x509Subject), undefined);
      // Distinguished names are compared exactly, as stored.
      assert.equal(
        await store.subjects.findByX509Subject(makeSubject(2).x509Subject.toLowerCase()),
        undefined,
      );
    }));

  test('ok/findByX509Subject follows updates and deletes, and a freed subject can be reused', () =>
    withStore(open, async (store) => {
      await insertAll(store.subjects, [makeSubject(1), makeSubject(2)]);
      const renamed = { ...makeSubject(1), x509Subject: makeSubject(9).x509Subject };
      await store.subjects.update(makeSubject(1).id, () => renamed);
      assert.equal(await store.subjects.findByX509Subject(makeSubject(1).x509Subject), undefined);
      assert.deepEqual(await store.subjects.findByX509Subject(makeSubject(9).x509Subject), renamed);
      await store.subjects.delete(makeSubject(1).id);
      assert.equal(await store.subjects.findByX509Subject(makeSubject(9).x509Subject), undefined);
      const reuse = makeSubject(3, { x509Subject: makeSubject(9).x509Subject });
      await store.subjects.insert(reuse);
      assert.deepEqual(await store.subjects.findByX509Subject(makeSubject(9).x509Subject), reuse);
    }));

  test('ok/findByX509Subject returns a copy', () =>
    withStore(open, async (store) => {
      await store.subjects.insert(makeSubject(1));
      deface(await store.subjects.findByX509Subject(makeSubject(1).x509Subject));
      assert.deepEqual(await store.subjects.get(makeSubject(1).id), makeSubject(1));
    }));

  test('fail/insert of a second subject with an existing x509Subject rejects with DuplicateKeyError', () =>
    withStore(open, async (store) => {
      const first = makeSubject(1);
      await store.subjects.insert(first);
      await assert.rejects(
        store.subjects.insert(makeSubject(2, { x509Subject: first.x509Subject })),
        (error) => {
          assert.ok(error instanceof DuplicateKeyError);
          assert.equal(error.field, 'x509Subject');
          assert.equal(error.value, first.x509Subject);
          return true;
        },
      );
      assert.equal(await store.subjects.count(), 1);
      assert.equal(await store.subjects.get(makeSubject(2).id), undefined);
      assert.deepEqual(await store.subjects.findByX509Subject(first.x509Subject), first);
    }));

  test('fail/update to another subject’s x509Subject rejects with DuplicateKeyError and writes nothing', () =>
    withStore(open, async (store) => {
      await insertAll(store.subjects, [makeSubject(1), makeSubject(2)]);
      await assert.rejects(
        store.subjects.update(makeSubject(2).id, (current) => ({
          ...current,
          x509Subject: makeSubject(1).x509Subject,
        })),
        DuplicateKeyError,
      );
      assert.deepEqual(await store.subjects.get(makeSubject(2).id), makeSubject(2));
      assert.deepEqual(await store.subjects.findByX509Subject(makeSubject(1).x509Subject), makeSubject(1));
      assert.deepEqual(await store.subjects.findByX509Subject(makeSubject(2).x509Subject), makeSubject(2));
    }));
}

/**
 * Writes a mix of inserts, updates and deletes to one collection, and returns the check that
 * a reopened store holds exactly the result (including a cursor handed out before the close).
 */
async function writeForReopen<R extends { readonly id: string }>(
  c: CollectionCase<R>,
  store: Store,
): Promise<(reopened: Store) => Promise<void>> {
  const collection = c.select(store);
  await insertAll(collection, range(1, 5).map(c.make));
  await collection.update(c.make(2).id, c.change);
  await collection.delete(c.make(4).id);
  const cursor = (await collection.list({ limit: 2 })).next;
  assert.ok(cursor !== undefined);
  const expected = [c.make(1), c.change(c.make(2)), c.make(3), c.make(5)];
  return async (reopened) => {
    const again = c.select(reopened);
    assert.deepEqual((await again.list({ limit: 100 })).items, expected, c.name);
    assert.equal(await again.count(), 4, c.name);
    assert.deepEqual((await again.list({ limit: 100, after: cursor })).items, expected.slice(2), c.name);
    // New records go after the old ones: positions are not reused after a reopen.
    await again.insert(c.make(6));
    assert.deepEqual((await again.list({ limit: 100, after: cursor })).items, [
      ...expected.slice(2),
      c.make(6),
    ]);
  };
}

function reopenTests(open: Open, reopen: Open): void {
  test('ok/everything written is read back after close and reopen', async () => {
    const store = await open();
    let checks: ((reopened: Store) => Promise<void>)[];
    try {
      checks = [
        await writeForReopen(trustAnchorCase, store),
        await writeForReopen(profileCase, store),
        await writeForReopen(crlCase, store),
        await writeForReopen(subjectCase, store),
        await writeForReopen(accessKeyCase, store),
      ];
    } finally {
      await store.close();
    }
    await withStore(reopen, async (reopened) => {
      for (const check of checks) await check(reopened);
      assert.deepEqual(await reopened.crls.listByTrustAnchor(makeTrustAnchor(3).arn), [crlCase.make(3)]);
      assert.deepEqual(
        await reopened.subjects.findByX509Subject(makeSubject(2).x509Subject),
        subjectCase.change(makeSubject(2)),
      );
      assert.equal(await reopened.subjects.findByX509Subject(makeSubject(4).x509Subject), undefined);
    });
  });

  test('ok/a store reopened twice still holds its records and accepts writes', async () => {
    await withStore(open, (store) => insertAll(store.profiles, [makeProfile(1)]));
    await withStore(reopen, (store) => insertAll(store.profiles, [makeProfile(2)]));
    await withStore(reopen, async (store) => {
      assert.deepEqual((await store.profiles.list({ limit: 10 })).items, [makeProfile(1), makeProfile(2)]);
      await assert.rejects(store.profiles.insert(makeProfile(1)), DuplicateIdError);
    });
  });
}
