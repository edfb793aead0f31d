/**
 * The retention job over the in-memory store, with the clock a parameter (no waiting): it
 * removes records older than the retention at start, in batches until none are left, keeps every
 * newer one (also one exactly at the cutoff), logs how many it removed, does nothing with 0 days,
 * runs one prune at a time, and survives a failing store (logged; the next run tries again).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import type { Store } from '@anchorage/store/port';
import { DAY_MS, startAuditRetention } from '../../src/audit/audit-retention.ts';
import { createLogger } from '../../src/logging/logger.ts';

const NOW = Date.parse('2031-03-04T12:00:00.000Z');

const aged = (id: string, ageMs: number): AuditEventRecord => ({
  id,
  time: new Date(NOW - ageMs).toISOString(),
  action: 'rolesanywhere:ListTrustAnchors',
  outcome: 'allowed',
  resources: [],
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(JSON.parse(line))) };
}

async function ids(store: Store): Promise<string[]> {
  return (await store.auditEvents.list({ limit: 10_000 })).items.map((e) => e.id).sort();
}

test('ok/records older than the retention go at start, in batches; newer ones and one at the cutoff stay', async () => {
  const store = createMemoryStore();
  const old = Array.from({ length: 2_500 }, (_, i) => aged(`old-${i}`, 31 * DAY_MS + i));
  await store.auditEvents.append([
    ...old,
    aged('at-cutoff', 30 * DAY_MS),
    aged('just-newer', 30 * DAY_MS - 1),
    aged('today', 0),
  ]);
  const { lines, logger } = capturingLogger();
  const retention = startAuditRetention({ store, retentionDays: 30, logger, now: () => NOW });
  // The run started at start; prune() waits for it rather than starting a second.
  assert.equal(await retention.prune(), 2_500);
  assert.deepEqual(await ids(store), ['at-cutoff', 'just-newer', 'today']);
  assert.deepEqual(
    lines.filter((l) => l.msg === 'audit retention: removed old records').map((l) => l.removed),
    [2_500],
  );
  assert.equal(lines.find((l) => l.removed === 2_500)?.olderThan, new Date(NOW - 30 * DAY_MS).toISOString());
  // Idempotent: a second run finds nothing and logs nothing.
  assert.equal(await retention.prune(), 0);
  assert.equal(lines.filter((l) => l.msg === 'audit retention: removed old records').length, 1);
  await retention.stop();
  assert.equal(await retention.prune(), 0, 'stopped: no more runs');
});

test('ok/0 days keeps every record, however old', async () => {
  const store = createMemoryStore();
  await store.auditEvents.append([aged('ancient', 3650 * DAY_MS), aged('today', 0)]);
  const { lines, logger } = capturingLogger();
  const retention = startAuditRetention({ store, retentionDays: 0, logger, now: () => NOW });
  assert.equal(await retention.prune(), 0);
  await retention.stop();
  assert.deepEqual(await ids(store), ['ancient', 'today']);
  assert.equal(lines.length, 0);
});

test('fail/a failing store: the run is logged and resolves; the next run removes what is due', async () => {
  const store = createMemoryStore();
  await store.auditEvents.append([aged('old', 400 * DAY_MS), aged('new', DAY_MS)]);
  let failing = true;
  const flaky: Pick<Store, 'auditEvents'> = {
    auditEvents: {
      ...store.auditEvents,
      deleteOlderThan: (before, limit) =>
        failing
          ? Promise.reject(new Error('database is locked'))
          : store.auditEvents.deleteOlderThan(before, limit),
    },
  };
  const { lines, logger } = capturingLogger();
  const retention = startAuditRetention({ store: flaky, retentionDays: 365, logger, now: () => NOW });
  assert.equal(await retention.prune(), 0);
  assert.match(String(lines.find((l) => l.level === 'warn')?.error), /database is locked/);
  failing = false;
  assert.equal(await retention.prune(), 1);
  assert.deepEqual(await ids(store), ['new']);
  await retention.stop();
});
