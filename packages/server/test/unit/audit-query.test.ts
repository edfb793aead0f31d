/**
 * Audit queries over the in-memory store: newest first, pages that add up to the whole trail
 * (also while records arrive), each filter, the scan bound with its resuming token, the `since`
 * cut-off, the export scan, and the refusals of bad parameters and tokens.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEventRecord, AuditOutcome } from '@anchorage/core/audit/records';
import { AnchorageError } from '@anchorage/core/errors';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import type { Store } from '@anchorage/store/port';
import { type AuditFilters, readAuditQuery, readTime } from '../../src/audit/audit-filters.ts';
import {
  MAX_SCANNED,
  queryAuditEvents,
  SINCE_SLACK_MS,
  scanAuditEvents,
} from '../../src/audit/query-audit.ts';

const T0 = Date.parse('2031-03-04T12:00:00Z');
const ROLE = (n: number) => `arn:aws:iam::000000000000:role/R${n % 3}`;
const OUTCOMES: readonly AuditOutcome[] = ['allowed', 'denied', 'error'];

const event = (n: number, at = T0 + n * 1000): AuditEventRecord => ({
  id: `e${n}`,
  time: new Date(at).toISOString(),
  action: n % 2 === 0 ? 'rolesanywhere:CreateSession' : 'sts:AssumeRole',
  outcome: OUTCOMES[n % 3] ?? 'allowed',
  principal: n % 2 === 0 ? `CN=Workload-${n},O=Test` : 'arn:aws:iam::000000000000:root',
  resources: [ROLE(n)],
});

async function seeded(count: number): Promise<Store> {
  const store = createMemoryStore();
  for (let n = 0; n < count; n += 1) await store.auditEvents.insert(event(n));
  return store;
}

async function all(store: Store, filters: AuditFilters, maxResults: number): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await queryAuditEvents(store, filters, {
      maxResults,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    ids.push(...page.events.map((e) => e.id));
    nextToken = page.nextToken;
    if (nextToken === undefined) return ids;
  }
  throw new Error('too many pages');
}

const newestFirst = (count: number, keep: (n: number) => boolean = () => true) =>
  Array.from({ length: count }, (_, i) => count - 1 - i)
    .filter(keep)
    .map((n) => `e${n}`);

const validation = (error: unknown) =>
  error instanceof AnchorageError && error.code === 'ValidationException';

describe('audit queries', () => {
  test('ok/pages of every size add up to the trail, newest first', async () => {
    const store = await seeded(37);
    for (const size of [1, 5, 36, 37, 50]) assert.deepEqual(await all(store, {}, size), newestFirst(37));
    const first = await queryAuditEvents(store, {}, { maxResults: 5 });
    assert.deepEqual(
      first.events.map((e) => e.id),
      ['e36', 'e35', 'e34', 'e33', 'e32'],
    );
    assert.equal(typeof first.nextToken, 'string');
    assert.equal((await queryAuditEvents(store, {}, { maxResults: 50 })).nextToken, undefined);
  });

  test('ok/records arriving between pages neither repeat nor shift later pages', async () => {
    const store = await seeded(20);
    const first = await queryAuditEvents(store, { action: 'sts:AssumeRole' }, { maxResults: 3 });
    for (let n = 20; n < 30; n += 1) await store.auditEvents.insert(event(n));
    const ids = first.events.map((e) => e.id);
    let nextToken = first.nextToken;
    while (nextToken !== undefined) {
      const page = await queryAuditEvents(store, { action: 'sts:AssumeRole' }, { maxResults: 3, nextToken });
      ids.push(...page.events.map((e) => e.id));
      nextToken = page.nextToken;
    }
    assert.deepEqual(
      ids,
      newestFirst(20, (n) => n % 2 === 1),
    );
  });

  test('ok/each filter, and filters together', async () => {
    const store = await seeded(30);
    assert.deepEqual(
      await all(store, { action: 'sts:AssumeRole' }, 4),
      newestFirst(30, (n) => n % 2 === 1),
    );
    assert.deepEqual(
      await all(store, { outcome: 'denied' }, 4),
      newestFirst(30, (n) => n % 3 === 1),
    );
    assert.deepEqual(await all(store, { principal: 'workload-1' }, 100), ['e18', 'e16', 'e14', 'e12', 'e10']);
    assert.deepEqual(
      await all(store, { resource: ROLE(2) }, 4),
      newestFirst(30, (n) => n % 3 === 2),
    );
    assert.deepEqual(await all(store, { resource: 'arn:aws:iam::000000000000:role/R' }, 4), []);
    assert.deepEqual(await all(store, { since: T0 + 25_000 }, 2), ['e29', 'e28', 'e27', 'e26', 'e25']);
    assert.deepEqual(await all(store, { until: T0 + 2_000 }, 2), ['e2', 'e1', 'e0']);
    assert.deepEqual(await all(store, { since: T0 + 10_000, until: T0 + 20_000, outcome: 'allowed' }, 2), [
      'e18',
      'e15',
      'e12',
    ]);
  });

  test('ok/channel and service-wide action filters; a record without a channel is api', async () => {
    const store = createMemoryStore();
    const record = (n: number, action: string, channel?: 'api' | 'console' | 'authorize') => ({
      ...event(n),
      action,
      ...(channel === undefined ? {} : { channel }),
    });
    await store.auditEvents.append([
      record(0, 'sts:AssumeRole'),
      record(1, 'iam:CreateRole', 'api'),
      record(2, 'iam:ListRoles', 'console'),
      record(3, 's3:GetObject', 'authorize'),
      record(4, 'iamx:Other', 'api'),
      record(5, 'iam:*', 'api'),
    ]);
    assert.deepEqual(await all(store, { channel: 'api' }, 2), ['e5', 'e4', 'e1', 'e0']);
    assert.deepEqual(await all(store, { channel: 'console' }, 2), ['e2']);
    assert.deepEqual(await all(store, { channel: 'authorize' }, 2), ['e3']);
    assert.deepEqual(await all(store, { action: 'iam:*' }, 2), ['e5', 'e2', 'e1']);
    assert.deepEqual(await all(store, { action: 'iam:*', channel: 'console' }, 2), ['e2']);
    assert.deepEqual(await all(store, { action: 's3:GetObject' }, 2), ['e3']);
  });

  test(`ok/a page scans at most ${MAX_SCANNED} records; its token resumes the scan`, async () => {
    const store = createMemoryStore();
    await store.auditEvents.insert({ ...event(0), action: 'rare' });
    for (let n = 1; n <= MAX_SCANNED + 500; n += 1) await store.auditEvents.insert(event(n));
    await store.auditEvents.insert({ ...event(MAX_SCANNED + 501), action: 'rare' });
    const first = await queryAuditEvents(store, { action: 'rare' }, { maxResults: 10 });
    assert.deepEqual(
      first.events.map((e) => e.id),
      [`e${MAX_SCANNED + 501}`],
    );
    assert.ok(first.nextToken !== undefined, 'the scan stopped at its bound');
    const second = await queryAuditEvents(
      store,
      { action: 'rare' },
      { maxResults: 10, nextToken: first.nextToken },
    );
    assert.deepEqual(
      second.events.map((e) => e.id),
      ['e0'],
    );
    assert.equal(second.nextToken, undefined);
  });

  test('ok/with since, the scan ends once records are well older than it (the rest is not read)', async () => {
    // 50 records 6 minutes older than `since`, then one within it.
    const store = createMemoryStore();
    for (let n = 0; n < 50; n += 1) await store.auditEvents.insert(event(n, T0 - SINCE_SLACK_MS - 60_000));
    await store.auditEvents.insert(event(50, T0 + 1000));
    let reads = 0;
    const counting: Pick<Store, 'auditEvents'> = {
      auditEvents: {
        ...store.auditEvents,
        listNewestFirst: (page) => {
          reads += 1;
          return store.auditEvents.listNewestFirst({ ...page, limit: 2 });
        },
      },
    };
    const page = await queryAuditEvents(counting, { since: T0 }, { maxResults: 10 });
    assert.deepEqual(
      page.events.map((e) => e.id),
      ['e50'],
    );
    assert.equal(page.nextToken, undefined);
    assert.equal(reads, 1, 'one page of 2 read, not 26');
    const exported: string[] = [];
    for await (const record of scanAuditEvents(counting, { since: T0 })) exported.push(record.id);
    assert.deepEqual(exported, ['e50']);
  });

  test('ok/the export scan yields every match newest first, across store pages', async () => {
    const store = await seeded(1200);
    const ids: string[] = [];
    for await (const record of scanAuditEvents(store, { outcome: 'error' })) ids.push(record.id);
    assert.deepEqual(
      ids,
      newestFirst(1200, (n) => n % 3 === 2),
    );
  });

  test('fail/bad tokens, bad maxResults', async () => {
    const store = await seeded(3);
    for (const nextToken of [
      'not a token',
      'e30',
      Buffer.from('[1]').toString('base64url'),
      'x'.repeat(3000),
    ]) {
      await assert.rejects(queryAuditEvents(store, {}, { nextToken }), validation, nextToken);
    }
    const foreign = Buffer.from(JSON.stringify({ a: 'djE6cm9sZXM6MQ' })).toString('base64url');
    await assert.rejects(queryAuditEvents(store, {}, { nextToken: foreign }), validation);
    for (const maxResults of [0, 1001, 1.5]) {
      await assert.rejects(queryAuditEvents(store, {}, { maxResults }), validation);
    }
  });
});

describe('audit query parameters', () => {
  const read = (params: Record<string, string>) =>
    readAuditQuery(new Map(Object.entries(params).map(([k, v]) => [k, [v]])));

  test('ok/filters, bounds, page parameters; empty values are absent', () => {
    assert.deepEqual(
      read({
        action: 'sts:AssumeRole',
        outcome: 'denied',
        channel: 'console',
        principal: 'CN=w',
        resource: 'arn:aws:iam::000000000000:role/R',
        since: '2031-03-04',
        until: '2031-03-04T13:30:00.5+01:00',
        maxResults: '200',
        nextToken: 'abc',
        principalx: 'ignored',
      }),
      {
        filters: {
          action: 'sts:AssumeRole',
          outcome: 'denied',
          channel: 'console',
          principal: 'CN=w',
          resource: 'arn:aws:iam::000000000000:role/R',
          since: Date.parse('2031-03-04T00:00:00Z'),
          until: Date.parse('2031-03-04T12:30:00.500Z'),
        },
        maxResults: 200,
        nextToken: 'abc',
      },
    );
    assert.deepEqual(read({ action: '', since: '' }), { filters: {} });
    assert.equal(readTime('since', '2031-03-04T12:00Z'), Date.parse('2031-03-04T12:00:00Z'));
    assert.equal(
      readTime('since', '2031-03-04T12:00:00.123456789-0230'),
      Date.parse('2031-03-04T14:30:00.123Z'),
    );
  });

  test('fail/bad outcome, times, maxResults; since after until', () => {
    for (const params of [
      { outcome: 'ALLOWED' },
      { channel: 'web' },
      { channel: 'API' },
      { since: 'yesterday' },
      { since: '2031-02-30' },
      { until: '2031-03-04T24:00:00Z' },
      { since: '2031-03-04T12:00:00' },
      { since: '1709251200' },
      { until: '2031-03-04T12:00:00+25:00' },
      { maxResults: '0' },
      { maxResults: '1001' },
      { maxResults: 'ten' },
      { since: '2031-03-05', until: '2031-03-04' },
      { principal: 'x'.repeat(3000) },
    ]) {
      assert.throws(() => read(params), validation, JSON.stringify(params).slice(0, 80));
    }
  });
});
