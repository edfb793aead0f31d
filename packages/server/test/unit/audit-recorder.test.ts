/**
 * The audit recorder over fake sinks: it batches (many records, few writes), writes on its timer
 * and on close, applies backpressure beyond its cap instead of dropping, survives a failing store
 * without throwing into requests (one log line per burst), and gives up only at close. Also the
 * store sink (a retried batch's duplicates), the record built from a request's trace, the ids of
 * a request's several records, and what the records take from requests (claimed keys, created ARNs).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { AnchorageError } from '@anchorage/core/errors';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { auditEventOf, MAX_FIELD_LENGTH } from '../../src/audit/audit-event.ts';
import { type AuditSink, createAuditRecorder } from '../../src/audit/audit-recorder.ts';
import { claimedAccessKeyId } from '../../src/audit/claimed-access-key.ts';
import { createdResources } from '../../src/audit/created-resources.ts';
import { createRequestAudit, MAX_RECORDS_PER_REQUEST } from '../../src/audit/request-audit.ts';
import { storeSink } from '../../src/audit/store-sink.ts';
import { createLogger } from '../../src/logging/logger.ts';

const event = (n: number): AuditEventRecord => ({
  id: `request-${n}`,
  time: new Date(Date.UTC(2031, 2, 4, 12, 0, 0, n)).toISOString(),
  action: 'sts:AssumeRole',
  outcome: 'allowed',
  resources: [`arn:aws:iam::000000000000:role/R${n}`],
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return {
    logger,
    lines,
    messages: (level: string) => lines.filter((l) => l.level === level).map((l) => l.msg),
  };
}

/** A sink that keeps every batch; `failures` makes the next writes reject; `gate` holds writes. */
function fakeSink() {
  const batches: AuditEventRecord[][] = [];
  const state = { failures: 0, gate: undefined as Promise<void> | undefined };
  const sink: AuditSink = {
    async write(batch) {
      if (state.gate !== undefined) await state.gate;
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error('disk I/O error');
      }
      batches.push([...batch]);
    },
  };
  return { sink, batches, state, written: () => batches.flat().map((e) => e.id) };
}

describe('audit recorder', () => {
  test('ok/1,200 records in a burst are written in 3 batches, in order, once', async () => {
    const { sink, batches, written } = fakeSink();
    const recorder = createAuditRecorder(sink, capturingLogger().logger);
    for (let n = 0; n < 1200; n += 1) recorder.record(event(n));
    await recorder.flush();
    assert.deepEqual(
      batches.map((b) => b.length),
      [500, 500, 200],
    );
    assert.deepEqual(
      written(),
      Array.from({ length: 1200 }, (_, n) => `request-${n}`),
    );
    assert.deepEqual(recorder.stats(), { pending: 0, written: 1200, batches: 3, failedWrites: 0, lost: 0 });
    await recorder.close();
  });

  test('ok/a flush with nothing queued leaves the recorder working: later records are written, close returns', async () => {
    const { sink, written } = fakeSink();
    const recorder = createAuditRecorder(sink, capturingLogger().logger, { flushIntervalMs: 5 });
    await recorder.flush();
    await recorder.flush();
    recorder.record(event(1));
    recorder.record(event(2));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(written(), ['request-1', 'request-2'], 'the timer still writes');
    recorder.record(event(3));
    await recorder.flush();
    assert.deepEqual(written(), ['request-1', 'request-2', 'request-3']);
    // close() must not wait on a writer that is not there (it used to spin for good; the runner's
    // timeout catches a hang).
    await recorder.close();
    assert.deepEqual(recorder.stats(), { pending: 0, written: 3, batches: 2, failedWrites: 0, lost: 0 });
  });

  test('ok/a few records are written together by the timer, within the flush interval', async () => {
    const { sink, batches } = fakeSink();
    const recorder = createAuditRecorder(sink, capturingLogger().logger, { flushIntervalMs: 40 });
    for (let n = 0; n < 7; n += 1) recorder.record(event(n));
    assert.equal(batches.length, 0, 'record() does not write');
    await sleep(120);
    assert.deepEqual(
      batches.map((b) => b.length),
      [7],
    );
    await recorder.close();
  });

  test('ok/close writes what is queued; a record after close is counted as lost', async () => {
    const { sink, written } = fakeSink();
    const { logger, messages } = capturingLogger();
    const recorder = createAuditRecorder(sink, logger);
    for (let n = 0; n < 3; n += 1) recorder.record(event(n));
    await recorder.close();
    assert.deepEqual(written(), ['request-0', 'request-1', 'request-2']);
    recorder.record(event(3));
    assert.equal(recorder.stats().lost, 1);
    assert.deepEqual(messages('error'), ['audit: record after shutdown lost']);
  });

  test('ok/beyond the cap nothing is dropped: admit() waits for the backlog to drain', async () => {
    const { sink, state, written } = fakeSink();
    let open = () => {};
    state.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { logger, messages } = capturingLogger();
    const recorder = createAuditRecorder(sink, logger, {
      batchSize: 5,
      maxPending: 10,
      admissionWaitMs: 5_000,
    });
    await recorder.admit();
    for (let n = 0; n < 12; n += 1) recorder.record(event(n));
    assert.equal(recorder.stats().pending, 12);
    let admitted = false;
    const waiting = recorder.admit().then(() => {
      admitted = true;
    });
    await sleep(30);
    assert.equal(admitted, false, 'the request waits while 12 records are queued');
    state.gate = undefined;
    open();
    await waiting;
    assert.equal(admitted, true);
    await recorder.flush();
    assert.equal(written().length, 12, 'every record was written');
    assert.deepEqual(messages('warn'), ['audit: backlog full; audited requests wait for it to drain']);
    await recorder.close();
  });

  test('fail/a backlog that does not drain refuses the request with 503 after the admission wait', async () => {
    const { sink, state } = fakeSink();
    state.gate = new Promise<void>(() => {});
    const recorder = createAuditRecorder(sink, capturingLogger().logger, {
      batchSize: 2,
      maxPending: 4,
      admissionWaitMs: 30,
    });
    for (let n = 0; n < 4; n += 1) recorder.record(event(n));
    await assert.rejects(recorder.admit(), (error: unknown) => {
      assert.ok(error instanceof AnchorageError);
      assert.equal(error.code, 'ServiceUnavailableException');
      assert.equal(error.status, 503);
      assert.match(error.reason, /audit trail backlog: 4 records/);
      return true;
    });
  });

  test('ok/a failing store: record() never throws, one error line per burst, retried until written in order', async () => {
    const { sink, state, written, batches } = fakeSink();
    state.failures = 3;
    const { logger, messages, lines } = capturingLogger();
    const recorder = createAuditRecorder(sink, logger, { flushIntervalMs: 5, retryFirstMs: 10 });
    for (let n = 0; n < 20; n += 1) recorder.record(event(n));
    await sleep(20);
    for (let n = 20; n < 40; n += 1) assert.doesNotThrow(() => recorder.record(event(n)));
    const deadline = Date.now() + 2_000;
    while (recorder.stats().pending > 0 && Date.now() < deadline) await sleep(10);
    assert.deepEqual(
      written(),
      Array.from({ length: 40 }, (_, n) => `request-${n}`),
    );
    assert.ok(batches.length <= 2, `written in ${batches.length} batches`);
    assert.equal(recorder.stats().failedWrites, 3);
    assert.deepEqual(messages('error'), ['audit: writing records failed; they stay queued and are retried']);
    assert.deepEqual(messages('warn'), ['audit: writing records recovered']);
    assert.equal(lines.find((l) => l.level === 'warn')?.failedAttempts, 3);
    await recorder.close();
  });

  test('ok/flush() reports a failed write; close() with a store that stays down gives up and counts the loss', async () => {
    const { sink, state } = fakeSink();
    state.failures = Number.POSITIVE_INFINITY;
    const { logger, messages } = capturingLogger();
    const recorder = createAuditRecorder(sink, logger, { retryFirstMs: 5 });
    recorder.record(event(1));
    recorder.record(event(2));
    await assert.rejects(recorder.flush(), /disk I\/O error/);
    assert.equal(recorder.stats().pending, 2, 'kept for the retry');
    await recorder.close();
    assert.equal(recorder.stats().lost, 2);
    assert.equal(recorder.stats().pending, 0);
    assert.ok(messages('error').includes('audit: records could not be written before shutdown and are lost'));
  });

  test('ok/the store sink inserts in order and takes a retried batch’s duplicates as written', async () => {
    const store = createMemoryStore();
    const sink = storeSink(store);
    await sink.write([event(1), event(2)]);
    await sink.write([event(1), event(2), event(3)]);
    const page = await store.auditEvents.listNewestFirst({ limit: 10 });
    assert.deepEqual(
      page.items.map((e) => e.id),
      ['request-3', 'request-2', 'request-1'],
    );
  });
});

describe('audit record of a request', () => {
  const NOW = Date.parse('2031-03-04T12:00:00.123Z');
  const certificate = { serial: '0A1B', sha256: 'ab'.repeat(32), subject: 'CN=w,O=T', issuer: 'CN=Root' };
  const session = {
    certificate,
    trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/t',
    profileArn: 'arn:aws:rolesanywhere:us-east-1:000000000000:profile/p',
    roleArn: 'arn:aws:iam::000000000000:role/R',
    subjectArn: 'arn:aws:rolesanywhere:us-east-1:000000000000:subject/s',
    assumedRoleArn: 'arn:aws:sts::000000000000:assumed-role/R/0A1B',
    expiresAt: '2031-03-04T13:00:00.123Z',
  };
  const caller = { accessKeyId: 'AKIAEXAMPLE', principalArn: 'arn:aws:iam::000000000000:root' };

  test('ok/a granted CreateSession: the certificate, its resources, the session', () => {
    const record = auditEventOf({
      requestId: 'r1',
      now: NOW,
      sourceAddress: '127.0.0.1',
      trace: { actionPrefix: 'rolesanywhere', operation: 'CreateSession', session },
    });
    assert.deepEqual(record, {
      id: 'r1',
      requestId: 'r1',
      time: '2031-03-04T12:00:00.123Z',
      action: 'rolesanywhere:CreateSession',
      outcome: 'allowed',
      channel: 'api',
      principal: 'CN=w,O=T',
      sourceAddress: '127.0.0.1',
      resources: [session.trustAnchorArn, session.profileArn, session.roleArn, session.subjectArn],
      certificate: {
        serialNumber: '0A1B',
        fingerprintSha256: 'ab'.repeat(32),
        subject: 'CN=w,O=T',
        issuer: 'CN=Root',
      },
      assumedRoleArn: session.assumedRoleArn,
      expiresAt: session.expiresAt,
    });
  });

  test('ok/a refused CreateSession keeps the precise reason and no session; a 500 is an error', () => {
    const denied = auditEventOf({
      requestId: 'r2',
      now: NOW,
      failure: { type: 'AccessDeniedException', reason: 'untrusted: no path', fault: 'client' },
      trace: {
        actionPrefix: 'rolesanywhere',
        operation: 'CreateSession',
        session: { certificate, trustAnchorArn: session.trustAnchorArn },
      },
    });
    assert.equal(denied.outcome, 'denied');
    assert.equal(denied.errorType, 'AccessDeniedException');
    assert.equal(denied.reason, 'untrusted: no path');
    assert.deepEqual(denied.resources, [session.trustAnchorArn]);
    assert.equal(denied.assumedRoleArn, undefined);
    const failed = auditEventOf({
      requestId: 'r3',
      now: NOW,
      failure: { type: 'InternalFailure', reason: 'Error: boom', fault: 'server' },
      trace: { actionPrefix: 'rolesanywhere', operation: 'CreateSession' },
    });
    assert.equal(failed.outcome, 'error');
    assert.equal(failed.certificate, undefined);
  });

  test('ok/AssumeRole names the caller, its key and the decision; long text is clipped', () => {
    const roleArn = 'arn:aws:iam::000000000000:role/R';
    const record = auditEventOf({
      requestId: 'r4',
      now: NOW,
      decisions: [
        {
          principal: caller.principalArn,
          action: 'sts:AssumeRole',
          resource: roleArn,
          allowed: true,
          reason: 'a',
        },
        {
          principal: caller.principalArn,
          action: 'sts:TagSession',
          resource: roleArn,
          allowed: true,
          reason: 'b',
        },
      ],
      trace: {
        operation: 'AssumeRole',
        service: 'sts',
        caller,
        detail: {
          resources: [roleArn],
          assumedRoleArn: 'arn:aws:sts::000000000000:assumed-role/R/s',
          expiresAt: '2031-03-04T13:00:00.000Z',
        },
      },
    });
    assert.equal(record.action, 'sts:AssumeRole');
    assert.equal(record.principal, caller.principalArn);
    assert.equal(record.accessKeyId, caller.accessKeyId);
    assert.deepEqual(record.resources, [roleArn], 'the role once, though the decision names it too');
    assert.deepEqual(record.decision, {
      action: 'sts:AssumeRole',
      resource: roleArn,
      allowed: true,
      reason: 'a',
    });
    assert.equal(record.assumedRoleArn, 'arn:aws:sts::000000000000:assumed-role/R/s');
    const long = auditEventOf({
      requestId: 'r5',
      now: NOW,
      failure: { type: 'AccessDeniedException', reason: 'x'.repeat(10_000), fault: 'client' },
      decisions: [
        {
          principal: caller.principalArn,
          action: 'sts:AssumeRole',
          resource: `arn:aws:iam::000000000000:role/${'y'.repeat(5_000)}`,
          allowed: false,
          reason: 'z'.repeat(10_000),
        },
      ],
      trace: { operation: 'AssumeRole', service: 'sts', caller },
    });
    assert.ok((long.reason?.length ?? 0) < MAX_FIELD_LENGTH + 40);
    assert.match(long.reason ?? '', /…\(10000 characters\)$/);
    assert.ok((long.decision?.reason.length ?? 0) < MAX_FIELD_LENGTH + 40);
    assert.ok((long.resources[0]?.length ?? 0) < MAX_FIELD_LENGTH + 40);
    assert.ok(JSON.stringify(long).length < 5 * (MAX_FIELD_LENGTH + 40));
  });

  test('ok/every operation is recorded under its service; the refusing decision is the one kept', () => {
    const anchor = 'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/t';
    const read = auditEventOf({
      requestId: 'r6',
      now: NOW,
      decisions: [
        {
          principal: caller.principalArn,
          action: 'rolesanywhere:GetTrustAnchor',
          resource: anchor,
          allowed: true,
          reason: 'ok',
        },
      ],
      trace: { actionPrefix: 'rolesanywhere', operation: 'GetTrustAnchor', caller },
    });
    assert.equal(read.action, 'rolesanywhere:GetTrustAnchor');
    assert.equal(read.outcome, 'allowed');
    assert.deepEqual(read.resources, [anchor]);
    for (const [trace, action] of [
      [{ operation: 'GetCallerIdentity', service: 'sts', caller }, 'sts:GetCallerIdentity'],
      [{ operation: 'CreateRole', service: 'iam', actionPrefix: 'rolesanywhere', caller }, 'iam:CreateRole'],
      [{ operation: 'IssueCertificate', actionPrefix: 'acm-pca', caller }, 'acm-pca:IssueCertificate'],
      [{ actionPrefix: 'rolesanywhere' }, 'unknown'],
      [{ operation: 'ListRoles' }, 'unknown'],
    ] as const) {
      assert.equal(auditEventOf({ requestId: 'x', now: NOW, trace }).action, action);
    }
    const denied = auditEventOf({
      requestId: 'r7',
      now: NOW,
      failure: { type: 'AccessDeniedException', reason: 'no statement allows', fault: 'client' },
      decisions: [
        { principal: 'p', action: 'sts:AssumeRole', resource: 'arn:r', allowed: true, reason: 'trusted' },
        {
          principal: 'p',
          action: 'sts:TagSession',
          resource: 'arn:r',
          allowed: false,
          reason: 'no statement allows',
        },
      ],
      trace: { operation: 'AssumeRole', service: 'sts', caller },
    });
    assert.deepEqual(denied.decision, {
      action: 'sts:TagSession',
      resource: 'arn:r',
      allowed: false,
      reason: 'no statement allows',
    });
    const created = auditEventOf({
      requestId: 'r8',
      now: NOW,
      decisions: [
        { principal: 'p', action: 'rolesanywhere:CreateProfile', resource: '*', allowed: true, reason: 'ok' },
      ],
      trace: {
        actionPrefix: 'rolesanywhere',
        operation: 'CreateProfile',
        caller,
        created: ['arn:aws:rolesanywhere:us-east-1:000000000000:profile/p'],
      },
    });
    assert.deepEqual(
      created.resources,
      ['arn:aws:rolesanywhere:us-east-1:000000000000:profile/p'],
      '`*` is no resource',
    );
  });

  test('ok/a refused signature: no caller, the key it claimed, no decision', () => {
    const record = auditEventOf({
      requestId: 'r9',
      now: NOW,
      failure: { type: 'InvalidSignatureException', reason: 'signature mismatch', fault: 'client' },
      claimedAccessKeyId: 'AKIACLAIMED0000000',
      trace: { actionPrefix: 'rolesanywhere', operation: 'ListTrustAnchors' },
    });
    assert.equal(record.outcome, 'denied');
    assert.equal(record.principal, undefined);
    assert.equal(record.accessKeyId, 'AKIACLAIMED0000000');
    assert.equal(record.decision, undefined);
    assert.equal(record.reason, 'signature mismatch');
  });

  test('ok/claimed keys are taken from the header or a presigned URL, only in the shape of a key id', () => {
    const header = (id: string) =>
      `AWS4-HMAC-SHA256 Credential=${id}/20310304/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00`;
    assert.equal(claimedAccessKeyId(header('AKIAIOSFODNN7EXAMPLE'), ''), 'AKIAIOSFODNN7EXAMPLE');
    assert.equal(
      claimedAccessKeyId(undefined, 'X-Amz-Credential=ASIAEXAMPLE000000000%2F2031'),
      'ASIAEXAMPLE000000000',
    );
    for (const id of ['<script>alert(1)</script>', 'akiaiosfodnn7example', 'SHORT', 'A'.repeat(129)]) {
      assert.equal(claimedAccessKeyId(header(id), ''), undefined, id);
    }
    assert.equal(claimedAccessKeyId(undefined, ''), undefined);
  });

  test('ok/created resources: only ARNs under …Arn members of creating operations, never other output', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    assert.deepEqual(
      createdResources('CreateTrustAnchor', {
        trustAnchor: { trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:0:trust-anchor/a', name: 'x' },
      }),
      ['arn:aws:rolesanywhere:us-east-1:0:trust-anchor/a'],
    );
    assert.deepEqual(createdResources('IssueCertificate', { CertificateArn: 'arn:aws:acm-pca:c' }), [
      'arn:aws:acm-pca:c',
    ]);
    assert.deepEqual(
      createdResources('CreateAccessKey', {
        AccessKey: { AccessKeyId: 'AKIA0000000000000000', SecretAccessKey: secret, UserName: 'u' },
      }),
      [],
    );
    assert.deepEqual(createdResources('GetTrustAnchor', { trustAnchor: { trustAnchorArn: 'arn:x' } }), []);
    assert.deepEqual(createdResources('CreateRole', { Role: { Arn: 'not an arn' } }), []);
  });

  test('ok/one request’s records: the first has the request id, later ones .2, .3, …; at most a bound', () => {
    const records: AuditEventRecord[] = [];
    const warnings: string[] = [];
    const audit = createRequestAudit(
      { record: (r) => records.push(r) },
      { warn: (message) => warnings.push(message) },
      { requestId: 'req', now: NOW, sourceAddress: '192.0.2.1' },
    );
    const fields = { action: 'rolesanywhere:ListTrustAnchors', outcome: 'allowed' as const, resources: [] };
    for (let i = 0; i < MAX_RECORDS_PER_REQUEST + 5; i++) audit.record(fields);
    assert.equal(records.length, MAX_RECORDS_PER_REQUEST);
    assert.deepEqual(
      records.slice(0, 3).map((r) => [r.id, r.requestId, r.time, r.sourceAddress]),
      [
        ['req', 'req', '2031-03-04T12:00:00.123Z', '192.0.2.1'],
        ['req.2', 'req', '2031-03-04T12:00:00.123Z', '192.0.2.1'],
        ['req.3', 'req', '2031-03-04T12:00:00.123Z', '192.0.2.1'],
      ],
    );
    assert.equal(new Set(records.map((r) => r.id)).size, records.length);
    assert.equal(warnings.length, 1);
  });
});
