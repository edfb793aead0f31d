/** The background renewal of serve and update, driven by a fake clock and timer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HelperError } from '../../src/helper-error.ts';
import { RefreshingCredentials } from '../../src/session/refreshing-credentials.ts';
import { startRenewalLoop } from '../../src/session/renewal-loop.ts';
import type { SessionCredentials } from '../../src/session/session-credentials.ts';

const HOUR = 3600_000;

function harness(fetchResult: (n: number, now: number) => SessionCredentials | Error) {
  let clock = 0;
  let fetches = 0;
  const timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  const source = new RefreshingCredentials({
    now: () => clock,
    fetch: async () => {
      const result = fetchResult(++fetches, clock);
      if (result instanceof Error) throw result;
      return result;
    },
  });
  return {
    source,
    fetches: () => fetches,
    setTimer: (run: () => void, delayMs: number) => {
      const timer = { at: clock + delayMs, run, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
    now: () => clock,
    /** Moves the clock to the next timer and runs it; resolves after its promise work. */
    async fire(): Promise<number> {
      const next = timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at)[0];
      assert.ok(next, 'a timer is pending');
      timers.splice(timers.indexOf(next), 1);
      clock = next.at;
      next.run();
      await new Promise((r) => setTimeout(r, 5));
      return clock;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}

const creds = (n: number, expiresAt: number): SessionCredentials => ({
  accessKeyId: `AKID${n}`,
  secretAccessKey: 's',
  sessionToken: 't',
  expiration: new Date(expiresAt).toISOString(),
});

test('ok/wakes at each refresh time (15 minutes before expiry) and reports each new set', async () => {
  const h = harness((n, now) => creds(n, now + HOUR));
  await h.source.refresh();
  const renewed: string[] = [];
  const loop = startRenewalLoop(h.source, {
    now: h.now,
    retryMs: 30_000,
    onRenewed: (c) => renewed.push(c.accessKeyId),
    onFailure: () => true,
    setTimer: h.setTimer,
  });
  assert.equal(await h.fire(), 45 * 60_000);
  assert.equal(await h.fire(), 90 * 60_000);
  assert.deepEqual(renewed, ['AKID2', 'AKID3']);
  loop.stop();
  assert.equal(await loop.done, 'stopped');
  assert.equal(h.pending(), 0);
});

test('ok/a passing failure: keeps the old credentials, retries every 30 s, resumes when the server is back', async () => {
  let down = false;
  const h = harness((n, now) =>
    down ? new HelperError('ECONNREFUSED', { transient: true }) : creds(n, now + HOUR),
  );
  await h.source.refresh();
  const renewed: string[] = [];
  const loop = startRenewalLoop(h.source, {
    now: h.now,
    retryMs: 30_000,
    onRenewed: (c) => renewed.push(c.accessKeyId),
    onFailure: () => true,
    setTimer: h.setTimer,
  });
  down = true;
  assert.equal(await h.fire(), 45 * 60_000);
  assert.equal(await h.fire(), 45 * 60_000 + 30_000);
  assert.deepEqual(renewed, []);
  down = false;
  await h.fire();
  assert.equal(renewed.length, 1);
  loop.stop();
});

test('fail/a refusal ends the loop when the caller gives up (update), and keeps it going when not (serve)', async () => {
  for (const keepTrying of [false, true]) {
    let refuse = false;
    const h = harness((n, now) =>
      refuse ? new HelperError('AccessDeniedException: Certificate revoked') : creds(n, now + HOUR),
    );
    await h.source.refresh();
    const failures: unknown[] = [];
    const loop = startRenewalLoop(h.source, {
      now: h.now,
      retryMs: 30_000,
      onFailure: (e) => {
        failures.push(e);
        return keepTrying;
      },
      setTimer: h.setTimer,
    });
    refuse = true;
    await h.fire();
    assert.equal(failures.length, 1);
    if (keepTrying) {
      assert.equal(h.pending(), 1);
      loop.stop();
    } else {
      assert.equal(await loop.done, 'failed');
      assert.equal(h.pending(), 0);
    }
  }
});
