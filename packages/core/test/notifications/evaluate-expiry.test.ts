/**
 * The expiry evaluation against the fixture PKI (every certificate there expires on
 * 2035-01-01T00:00:00Z), moving `now` instead of the certificates: thresholds, defaults,
 * disabled settings, the 14-days-after rule for CA certificates, the last-24-hours rule and the
 * issuing-CA attribution for end-entity certificates, the event shape and the de-duplication key.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  type AnchorToEvaluate,
  type ExpiryEvaluationInput,
  evaluateExpiry,
} from '@anchorage/core/notifications/evaluate-expiry';
import { notificationEventId } from '@anchorage/core/notifications/event-id';
import { DAY_MS } from '@anchorage/core/notifications/utc-day';
import type { NotificationSettingDetail } from '@anchorage/core/rolesanywhere/records';
import type { Certificate } from '@anchorage/core/x509/certificate';
import { loadCertificate } from '../x509/helpers.ts';

const HOUR = 3_600_000;
const EXPIRY = Date.parse('2035-01-01T00:00:00Z');
const ANCHOR =
  'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0f3b6e8e-1a2b-4c5d-8e9f-0123456789ab';
const OTHER =
  'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/1f3b6e8e-1a2b-4c5d-8e9f-0123456789ab';
const location = { accountId: '123456789012', region: 'eu-west-1' };

const p256Root = loadCertificate('p256-root.pem');
const p256Intermediate = loadCertificate('p256-intermediate.pem');
const p256Leaf = loadCertificate('p256-leaf.pem'); // issued by p256-intermediate; serial 8F3A5C7E9B1D2F40
const namesLeaf = loadCertificate('names-leaf.pem'); // issued by p256-root
const bRoot = loadCertificate('b-root.pem');
const bLeaf = loadCertificate('b-leaf.pem'); // issued by b-intermediate; serial 0123456789ABCDEF

/** A moment at which a certificate expiring at EXPIRY has exactly `days` days to expiry. */
const daysBefore = (days: number) => EXPIRY - days * DAY_MS - HOUR;

const setting = (
  event: NotificationSettingDetail['event'],
  enabled: boolean,
  threshold?: number,
): NotificationSettingDetail => ({
  event,
  enabled,
  channel: 'ALL',
  ...(threshold === undefined ? {} : { threshold }),
  configuredBy: '123456789012',
});

function anchor(
  caCertificates: readonly Certificate[],
  notificationSettings: readonly NotificationSettingDetail[] = [],
  arn = ANCHOR,
): AnchorToEvaluate {
  return { arn, caCertificates, notificationSettings };
}

function run(overrides: Partial<ExpiryEvaluationInput>) {
  return evaluateExpiry({
    now: daysBefore(10),
    location,
    anchors: [],
    endEntityCertificates: [],
    ...overrides,
  });
}

describe('CA_CERTIFICATE_EXPIRY', () => {
  const cases: readonly {
    name: string;
    days: number;
    settings: readonly NotificationSettingDetail[];
    expected: number | null;
  }[] = [
    { name: 'ok/default threshold 45: due at 45 days', days: 45, settings: [], expected: 45 },
    { name: 'ok/default threshold 45: not yet at 46 days', days: 46, settings: [], expected: null },
    {
      name: 'ok/threshold 30: due at 30 days',
      days: 30,
      settings: [setting('CA_CERTIFICATE_EXPIRY', true, 30)],
      expected: 30,
    },
    {
      name: 'ok/threshold 30: not yet at 31 days',
      days: 31,
      settings: [setting('CA_CERTIFICATE_EXPIRY', true, 30)],
      expected: null,
    },
    {
      name: 'ok/threshold 1: due on the last day',
      days: 0,
      settings: [setting('CA_CERTIFICATE_EXPIRY', true, 1)],
      expected: 0,
    },
    { name: 'ok/the first day after expiry is -1', days: -1, settings: [], expected: -1 },
    { name: 'ok/still sent 14 days after expiry', days: -14, settings: [], expected: -14 },
    { name: 'ok/no longer sent 15 days after expiry', days: -15, settings: [], expected: null },
    {
      name: 'ok/a disabled setting sends nothing',
      days: 5,
      settings: [setting('CA_CERTIFICATE_EXPIRY', false, 30)],
      expected: null,
    },
    {
      name: 'ok/disabling the end-entity setting leaves the CA default on',
      days: 5,
      settings: [setting('END_ENTITY_CERTIFICATE_EXPIRY', false)],
      expected: 5,
    },
    {
      name: 'ok/a record enabled without a threshold falls back to the default 45',
      days: 45,
      settings: [setting('CA_CERTIFICATE_EXPIRY', true)],
      expected: 45,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const events = run({ now: daysBefore(c.days), anchors: [anchor([p256Root], c.settings)] });
      if (c.expected === null) {
        assert.deepEqual(events, []);
        return;
      }
      assert.equal(events.length, 1);
      assert.equal(events[0]?.notificationEvent, 'CA_CERTIFICATE_EXPIRY');
      assert.equal(events[0]?.event.detail['days-to-expiry'], c.expected);
    });
  }

  test('ok/the event has the EventBridge shape, the anchor as resource and the dedup key', () => {
    const now = Date.parse('2034-12-22T08:30:15.123Z');
    const [due, extra] = run({ now, anchors: [anchor([bRoot])] });
    assert.equal(extra, undefined);
    assert.ok(due !== undefined);
    const certificateId = createHash('sha256').update(bRoot.der).digest('hex');
    assert.deepEqual(due, {
      id: due.id,
      trustAnchorArn: ANCHOR,
      notificationEvent: 'CA_CERTIFICATE_EXPIRY',
      certificateId,
      evaluationDay: '2034-12-22',
      event: {
        version: '0',
        id: due.id,
        'detail-type': 'Roles Anywhere Certificate Expiration State Change',
        source: 'aws.rolesanywhere',
        account: '123456789012',
        time: '2034-12-22T08:30:15Z',
        region: 'eu-west-1',
        resources: [ANCHOR],
        detail: {
          'certificate-serial-number': '01',
          'days-to-expiry': 9,
          issuer: 'CN=Test Root CA,O=Example,C=US',
        },
      },
    });
    assert.match(due.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('ok/each CA certificate of a bundle is its own event; a repeated one counts once', () => {
    const events = run({ anchors: [anchor([bRoot, p256Root, bRoot])] });
    assert.deepEqual(
      events.map((e) => e.event.detail.issuer),
      ['CN=Test Root CA,O=Example,C=US', 'CN=Anchorage Test P-256 Root CA,O=Example,C=US'],
    );
  });
});

describe('END_ENTITY_CERTIFICATE_EXPIRY', () => {
  const seen = (certificate: Certificate, ago = HOUR, days = 10) => ({
    now: daysBefore(days),
    endEntityCertificates: [{ certificate, seenAt: daysBefore(days) - ago }],
  });

  test('ok/a leaf the anchor CA issued, seen in the last day, within the threshold: no resources', () => {
    // The intermediate expires the same day: its CA event comes first.
    const events = run({ ...seen(p256Leaf), anchors: [anchor([p256Intermediate])] });
    assert.deepEqual(
      events.map((e) => e.notificationEvent),
      ['CA_CERTIFICATE_EXPIRY', 'END_ENTITY_CERTIFICATE_EXPIRY'],
    );
    events.shift();
    const [due] = events;
    assert.equal(due?.notificationEvent, 'END_ENTITY_CERTIFICATE_EXPIRY');
    assert.equal(due?.trustAnchorArn, ANCHOR);
    assert.equal(due?.certificateId, p256Leaf.fingerprintSha256);
    assert.deepEqual(due?.event.resources, []);
    assert.deepEqual(due?.event.detail, {
      // The top bit of 8F… is set: AWS keeps the DER sign octet.
      'certificate-serial-number': '008F3A5C7E9B1D2F40',
      'days-to-expiry': 10,
      issuer: 'CN=Anchorage Test P-256 Intermediate CA,O=Example,C=US',
    });
  });

  const cases: readonly {
    name: string;
    leaf: Certificate;
    cas: readonly Certificate[];
    ago?: number;
    days?: number;
    settings?: readonly NotificationSettingDetail[];
    due: boolean;
  }[] = [
    {
      name: 'ok/seen exactly 24 h ago counts',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      ago: DAY_MS,
      due: true,
    },
    {
      name: 'ok/seen 24 h + 1 ms ago does not',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      ago: DAY_MS + 1,
      due: false,
    },
    {
      name: 'ok/due on its expiry day (0 days)',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      days: 0,
      due: true,
    },
    {
      name: 'ok/not after expiry (no 14-day tail)',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      days: -1,
      due: false,
    },
    {
      name: 'ok/default threshold 45: not at 46 days',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      days: 46,
      due: false,
    },
    {
      name: 'ok/threshold 60: due at 60 days',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      days: 60,
      settings: [setting('END_ENTITY_CERTIFICATE_EXPIRY', true, 60)],
      due: true,
    },
    {
      name: 'ok/a disabled setting sends nothing',
      leaf: p256Leaf,
      cas: [p256Intermediate],
      settings: [setting('END_ENTITY_CERTIFICATE_EXPIRY', false, 60)],
      due: false,
    },
    {
      name: 'ok/a leaf the root issued directly is attributed to the root',
      leaf: namesLeaf,
      cas: [p256Root],
      due: true,
    },
    {
      name: 'ok/a leaf issued through an intermediate is not attributed to the root',
      leaf: p256Leaf,
      cas: [p256Root],
      due: false,
    },
    { name: 'ok/a leaf of another CA is not attributed', leaf: bLeaf, cas: [p256Intermediate], due: false },
    {
      name: 'fail/a CA with the issuer name but another key is not the issuer',
      leaf: p256Leaf,
      cas: [{ ...p256Intermediate, subjectPublicKeyInfo: p256Root.subjectPublicKeyInfo }],
      due: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const events = run({
        ...seen(c.leaf, c.ago ?? HOUR, c.days ?? 10),
        anchors: [anchor(c.cas, c.settings ?? [])],
      }).filter((e) => e.notificationEvent === 'END_ENTITY_CERTIFICATE_EXPIRY');
      assert.equal(events.length, c.due ? 1 : 0);
    });
  }

  test('ok/a sighting that names its trust anchor counts for that anchor only, intermediates or not', () => {
    const now = daysBefore(10);
    const endEntityCertificates = [{ certificate: p256Leaf, seenAt: now - HOUR, trustAnchorArn: ANCHOR }];
    const anchors = [anchor([p256Root], [], ANCHOR), anchor([p256Intermediate], [], OTHER)];
    const events = run({ now, endEntityCertificates, anchors }).filter(
      (e) => e.notificationEvent === 'END_ENTITY_CERTIFICATE_EXPIRY',
    );
    // Issued through the intermediate, yet due for the root's anchor the request named, and not
    // for the other anchor although its CA issued the leaf directly.
    assert.deepEqual(
      events.map((e) => e.trustAnchorArn),
      [ANCHOR],
    );
  });

  test('ok/serial without a top bit is written as is', () => {
    const bIntermediate = loadCertificate('b-intermediate.pem');
    const [due] = run({ ...seen(bLeaf), anchors: [anchor([bIntermediate])] }).filter(
      (e) => e.notificationEvent === 'END_ENTITY_CERTIFICATE_EXPIRY',
    );
    assert.equal(due?.event.detail['certificate-serial-number'], '0123456789ABCDEF');
    assert.equal(due?.event.detail.issuer, 'CN=Test Intermediate CA,O=Example,C=US');
  });

  test('ok/a leaf seen twice is one event; two anchors with its CA get one each', () => {
    const now = daysBefore(10);
    const events = run({
      now,
      endEntityCertificates: [
        { certificate: p256Leaf, seenAt: now - HOUR },
        { certificate: p256Leaf, seenAt: now - 2 * HOUR },
      ],
      anchors: [anchor([p256Intermediate]), anchor([p256Intermediate], [], OTHER)],
    }).filter((e) => e.notificationEvent === 'END_ENTITY_CERTIFICATE_EXPIRY');
    assert.deepEqual(
      events.map((e) => e.trustAnchorArn),
      [ANCHOR, OTHER],
    );
    assert.notEqual(events[0]?.id, events[1]?.id);
  });
});

describe('de-duplication key', () => {
  test('ok/the same evaluation later that UTC day names the same events', () => {
    const morning = Date.parse('2034-12-22T00:00:00.000Z');
    const evening = Date.parse('2034-12-22T23:59:59.999Z');
    const first = run({ now: morning, anchors: [anchor([bRoot])] });
    const second = run({ now: evening, anchors: [anchor([bRoot])] });
    assert.equal(first[0]?.evaluationDay, '2034-12-22');
    assert.equal(first[0]?.id, second[0]?.id);
    const nextDay = run({ now: evening + 1, anchors: [anchor([bRoot])] });
    assert.equal(nextDay[0]?.evaluationDay, '2034-12-23');
    assert.notEqual(nextDay[0]?.id, first[0]?.id);
  });

  test('ok/the id depends on every part of the key', () => {
    const key = {
      trustAnchorArn: ANCHOR,
      notificationEvent: 'CA_CERTIFICATE_EXPIRY' as const,
      certificateId: 'a'.repeat(64),
      evaluationDay: '2034-12-22',
    };
    const ids = new Set([
      notificationEventId(key),
      notificationEventId({ ...key, trustAnchorArn: OTHER }),
      notificationEventId({ ...key, notificationEvent: 'END_ENTITY_CERTIFICATE_EXPIRY' }),
      notificationEventId({ ...key, certificateId: 'b'.repeat(64) }),
      notificationEventId({ ...key, evaluationDay: '2034-12-23' }),
    ]);
    assert.equal(ids.size, 5);
    assert.equal(notificationEventId(key), notificationEventId({ ...key }));
  });
});
