/**
 * The notifier over the in-memory store: what it reads (bundle anchors, private-CA anchors,
 * recent subject certificates), the claim that de-duplicates across evaluations and across
 * notifiers sharing a store, the log line, the recorded webhook outcome, and stop.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import type { DeliveryOutcome, ExpiryEvent } from '@anchorage/core/notifications/records';
import type { SubjectRecord, TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import type { Store } from '@anchorage/store/port';
import { createLogger } from '../../src/logging/logger.ts';
import { nextDailyRun, scheduleDailyEvaluation } from '../../src/notifications/daily-evaluation.ts';
import { createExpiryNotifier, type ExpiryNotifierDeps } from '../../src/notifications/expiry-notifier.ts';
import type { WebhookSender } from '../../src/notifications/webhook-sender.ts';
import { issue, type TestIdentity } from '../support/certificates.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2031-03-04T12:00:00Z');
const location = { partition: 'aws', region: 'us-east-1', accountId: '000000000000' };
const arn = (type: string, id: string) => `arn:aws:rolesanywhere:us-east-1:000000000000:${type}/${id}`;
const ISO = new Date(NOW - 30 * DAY).toISOString();

const root = issue({
  subject: [['CN', 'Notifier Root']],
  ca: true,
  notBefore: NOW - 300 * DAY,
  notAfter: NOW + 10 * DAY,
});
const leaf = issue({
  subject: [['CN', 'workload']],
  issuer: root,
  notBefore: NOW - DAY,
  notAfter: NOW + 5 * DAY,
});
const privateCa = issue({
  subject: [['CN', 'Private CA']],
  ca: true,
  notBefore: NOW - DAY,
  notAfter: NOW + 20 * DAY,
});

function anchorRecord(id: string, source: TrustAnchorRecord['source']): TrustAnchorRecord {
  return {
    id,
    arn: arn('trust-anchor', id),
    name: id,
    source,
    enabled: true,
    notificationSettings: [],
    tags: [],
    createdAt: ISO,
    updatedAt: ISO,
  };
}

function caRecord(
  id: string,
  certificate: TestIdentity | undefined,
  status: CertificateAuthorityRecord['status'] = certificate === undefined ? 'PENDING_CERTIFICATE' : 'ACTIVE',
): CertificateAuthorityRecord {
  return {
    id,
    arn: `arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/${id}`,
    ownerAccount: '000000000000',
    type: 'ROOT',
    status,
    keyAlgorithm: 'EC_prime256v1',
    signingAlgorithm: 'SHA256WITHECDSA',
    subject: { CommonName: 'Private CA' },
    sealedPrivateKey: 'sealed',
    csrPem: '',
    ...(certificate === undefined ? {} : { certificatePem: certificate.pem }),
    crlNumber: 0,
    usageMode: 'GENERAL_PURPOSE',
    keyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    tags: [],
    createdAt: ISO,
    lastStateChangeAt: ISO,
  };
}

const subjectRecord = (id: string, certificate: TestIdentity, seenAt: number): SubjectRecord => ({
  id,
  arn: arn('subject', id),
  x509Subject: `CN=${id}`,
  enabled: true,
  lastSeenAt: new Date(seenAt).toISOString(),
  credentials: [
    {
      seenAt: new Date(seenAt).toISOString(),
      serialNumber: certificate.serial.toString(16).toUpperCase(),
      issuer: 'CN=Notifier Root',
      enabled: true,
      x509CertificateData: certificate.pem,
      failed: false,
    },
  ],
  instanceProperties: [],
  createdAt: ISO,
  updatedAt: ISO,
});

const BUNDLE = 'a0000000-0000-4000-8000-000000000001';
const PCA_ANCHOR = 'a0000000-0000-4000-8000-000000000002';
const PCA_ID = 'c0000000-0000-4000-8000-000000000001';

async function seededStore(): Promise<Store> {
  const store = createMemoryStore();
  await store.trustAnchors.insert(
    anchorRecord(BUNDLE, { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.pem } }),
  );
  await store.certificateAuthorities.insert(caRecord(PCA_ID, privateCa));
  await store.trustAnchors.insert(
    anchorRecord(PCA_ANCHOR, {
      sourceType: 'AWS_ACM_PCA',
      sourceData: { acmPcaArn: `arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/${PCA_ID}` },
    }),
  );
  await store.subjects.insert(subjectRecord('s0000000-0000-4000-8000-000000000001', leaf, NOW - 3_600_000));
  return store;
}

function harness(store: Store, extra: Partial<ExpiryNotifierDeps> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const sent: ExpiryEvent[] = [];
  const webhook: WebhookSender = {
    async send(event, _signal, onAttempt) {
      sent.push(event);
      const outcome: DeliveryOutcome = {
        channel: 'webhook',
        status: 'delivered',
        attempts: 1,
        lastAttemptAt: new Date(NOW).toISOString(),
      };
      await onAttempt(outcome);
      return outcome;
    },
  };
  const notifier = createExpiryNotifier({ store, location, logger, now: () => NOW, webhook, ...extra });
  return { notifier, lines, sent };
}

describe('expiry notifier', () => {
  test('ok/bundle CA, private CA and a recently used leaf: claimed, stored, logged, delivered', async () => {
    const store = await seededStore();
    const { notifier, lines, sent } = harness(store);
    const events = await notifier.evaluate();
    assert.deepEqual(
      events.map((e) => [e.trustAnchorArn, e.notificationEvent, e.event.detail['days-to-expiry']]),
      [
        [arn('trust-anchor', BUNDLE), 'CA_CERTIFICATE_EXPIRY', 10],
        [arn('trust-anchor', BUNDLE), 'END_ENTITY_CERTIFICATE_EXPIRY', 5],
        [arn('trust-anchor', PCA_ANCHOR), 'CA_CERTIFICATE_EXPIRY', 20],
      ],
    );
    assert.deepEqual(events[1]?.event.resources, []);
    assert.equal(events[0]?.evaluationDay, '2031-03-04');
    assert.deepEqual(events[0]?.deliveries, [
      { channel: 'log', status: 'delivered', attempts: 1, lastAttemptAt: '2031-03-04T12:00:00.000Z' },
      { channel: 'webhook', status: 'pending', attempts: 0 },
    ]);
    const logged = lines.filter((l) => l.msg === 'notification');
    assert.deepEqual(
      logged.map((l) => l.event),
      events.map((e) => e.event),
    );
    await notifier.idle();
    assert.deepEqual(
      sent.map((e) => e.id),
      events.map((e) => e.id),
    );
    const stored = await store.notificationEvents.get(events[0]?.id ?? '');
    assert.equal(stored?.deliveries[1]?.status, 'delivered');
    assert.equal(await store.notificationEvents.count(), 3);
  });

  test('ok/the same day nothing is claimed twice: again, by another notifier, or by two at once', async () => {
    const store = await seededStore();
    const first = harness(store);
    assert.equal((await first.notifier.evaluate()).length, 3);
    assert.deepEqual(await first.notifier.evaluate(), []);
    const second = harness(store);
    assert.deepEqual(await second.notifier.evaluate(), []);
    assert.equal(second.lines.filter((l) => l.msg === 'notification').length, 0);

    const shared = await seededStore();
    const [a, b] = [harness(shared), harness(shared)];
    const [ea, eb] = await Promise.all([a.notifier.evaluate(), b.notifier.evaluate()]);
    assert.equal(ea.length + eb.length, 3);
    await Promise.all([a.notifier.idle(), b.notifier.idle()]);
    assert.equal(a.sent.length + b.sent.length, 3);
  });

  test('ok/the next UTC day the due events come again, with new ids', async () => {
    const store = await seededStore();
    const today = await harness(store).notifier.evaluate();
    const tomorrow = await harness(store, { now: () => NOW + DAY }).notifier.evaluate();
    // The leaf was seen 25 hours before: no longer "used in the last day".
    assert.deepEqual(
      tomorrow.map((e) => e.notificationEvent),
      ['CA_CERTIFICATE_EXPIRY', 'CA_CERTIFICATE_EXPIRY'],
    );
    assert.ok(tomorrow.every((e) => !today.some((t) => t.id === e.id)));
  });

  test('ok/without a webhook, the log is the only delivery', async () => {
    const store = await seededStore();
    const lines: string[] = [];
    const notifier = createExpiryNotifier({
      store,
      location,
      logger: createLogger('info', (line) => lines.push(line)),
      now: () => NOW,
    });
    const [first] = await notifier.evaluate();
    assert.deepEqual(
      first?.deliveries.map((d) => d.channel),
      ['log'],
    );
  });

  test('ok/an unreadable anchor is skipped with a warning; a private CA the anchor does not trust is skipped', async () => {
    const store = await seededStore();
    await store.trustAnchors.insert(
      anchorRecord('a0000000-0000-4000-8000-000000000003', {
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: 'not a pem' },
      }),
    );
    // Pending (no certificate yet), deleted, and missing altogether.
    await store.certificateAuthorities.insert(caRecord('c0000000-0000-4000-8000-000000000002', undefined));
    await store.certificateAuthorities.insert(
      caRecord('c0000000-0000-4000-8000-000000000003', privateCa, 'DELETED'),
    );
    for (const ca of [
      'c0000000-0000-4000-8000-000000000002',
      'c0000000-0000-4000-8000-000000000003',
      'c0000000-0000-4000-8000-000000000009',
    ]) {
      await store.trustAnchors.insert(
        anchorRecord(`a1${ca.slice(2)}`, {
          sourceType: 'AWS_ACM_PCA',
          sourceData: { acmPcaArn: `arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/${ca}` },
        }),
      );
    }
    const { notifier, lines } = harness(store);
    assert.equal((await notifier.evaluate()).length, 3);
    assert.deepEqual(
      lines.filter((l) => l.level === 'warn').map((l) => l.trustAnchorArn),
      [arn('trust-anchor', 'a0000000-0000-4000-8000-000000000003')],
    );
  });

  test('ok/pending sightings are written before the evaluation reads subjects', async () => {
    const store = await seededStore();
    await store.subjects.delete('s0000000-0000-4000-8000-000000000001');
    const flushSightings = () =>
      store.subjects.insert(subjectRecord('s0000000-0000-4000-8000-000000000002', leaf, NOW - 1000));
    const events = await harness(store, { flushSightings }).notifier.evaluate();
    assert.ok(events.some((e) => e.notificationEvent === 'END_ENTITY_CERTIFICATE_EXPIRY'));
  });

  test('ok/stop interrupts deliveries in progress; fail/evaluations after stop are refused', async () => {
    const store = await seededStore();
    let interrupted = 0;
    const webhook: WebhookSender = {
      send: (_event, signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            interrupted++;
            resolve({
              channel: 'webhook',
              status: 'pending',
              attempts: 1,
              lastError: 'interrupted by shutdown',
            });
          }),
        ),
    };
    const { notifier } = harness(store, { webhook });
    assert.equal((await notifier.evaluate()).length, 3);
    await notifier.stop();
    assert.equal(interrupted, 3);
    await assert.rejects(notifier.evaluate(), { code: 'ServiceUnavailableException' });
  });
});

describe('daily schedule', () => {
  test('ok/the next run is a minute into the next UTC day', () => {
    assert.equal(nextDailyRun(Date.parse('2031-03-04T12:00:00Z')), Date.parse('2031-03-05T00:01:00Z'));
    assert.equal(nextDailyRun(Date.parse('2031-03-04T00:00:30Z')), Date.parse('2031-03-04T00:01:00Z'));
    assert.equal(nextDailyRun(Date.parse('2031-03-04T00:01:00Z')), Date.parse('2031-03-05T00:01:00Z'));
  });

  test('ok/runs once at start; a failure is logged, not thrown; stop clears the timer', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    let runs = 0;
    const schedule = scheduleDailyEvaluation(
      async () => {
        runs++;
        throw new Error('store unavailable');
      },
      logger,
      Date.now,
    );
    await new Promise((r) => setTimeout(r, 20));
    schedule.stop();
    assert.equal(runs, 1);
    assert.equal(lines[0]?.msg, 'notifications: expiry evaluation failed');
  });
});
