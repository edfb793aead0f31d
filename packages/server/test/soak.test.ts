/**
 * A bounded soak: one real server under SOAK_SECONDS (default 45) of concurrent load mixing valid
 * requests (CreateSession with a fresh signature each time, control-plane reads and a write, IAM
 * and STS calls) with invalid ones (bad signatures, an untrusted certificate, malformed bodies,
 * unknown paths, unsigned calls). Every valid request must succeed, every invalid one get its
 * expected 4xx and AWS error type, nothing a 5xx; and the server's resident memory after the run
 * must stay within a bound of what it was after a warm-up. Prints the counts and the memory.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { identityFromPem } from './support/certificates.ts';
import {
  createSessionWire,
  type SessionSigner,
  signedWire,
  workloadAndStranger,
} from './support/fuzz-requests.ts';
import { RATE_LIMITS_OFF } from './support/fuzz-server-args.ts';
import { applyMutation, sendWire, type WireRequest, type WireResponse } from './support/fuzz-wire.ts';
import { makeCa } from './support/pki.ts';
import { control, type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? '45');
const DURATION_MS = (Number.isFinite(SECONDS) && SECONDS > 0 ? SECONDS : 45) * 1000;
/**
 * The first half of the run fills the caches and lets V8 size its heap. Measured here: resident
 * memory climbs with the first few tens of thousands of requests, in steps of up to ~50 MiB (V8
 * growing its old space, glibc its malloc arenas), then holds within a few MiB; a 150 s run went
 * 188 MiB at 10 s, 259-265 MiB from 30 s to the end, over 233,731 requests.
 */
const WARM_UP_MS = DURATION_MS / 2;
const CLIENTS = 6;
const MIB = 1024 * 1024;

/**
 * The bound on resident memory growth from the end of the warm-up to the end of the run. What may
 * legitimately grow then: one more heap or arena step on a machine slow enough to reach its
 * working size late (up to 53 MiB was measured in this half of a 45 s run on a busy machine, 9 MiB
 * on a quiet one), SQLite's page cache (2 MiB by default), the bounded certificate, validation and
 * policy caches, and the CreateSession replay cache, which keeps every accepted request for the
 * five-minute clock-skew window (a 64-character key in a Map and a slot list, about 200 bytes:
 * 1 KiB each is five times that). So: 96 MiB, plus 1 KiB per CreateSession accepted after the
 * warm-up. What it catches is a leak that scales with the load: 10 KiB kept per request (a
 * request's objects, say) is 200-400 MiB over the 20,000-40,000 requests of this half.
 */
function rssBoundBytes(sessionsAfterWarmUp: number): number {
  return 96 * MIB + 1024 * sessionsAfterWarmUp;
}

/** VmRSS of a process, from /proc/<pid>/status (Linux). */
function residentBytes(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(line !== null, 'VmRSS in /proc/<pid>/status');
  return Number(line[1]) * 1024;
}

type Expectation = { readonly status: number; readonly type?: string };

interface Kind {
  readonly name: string;
  readonly valid: boolean;
  readonly weight: number;
  readonly make: () => Promise<WireRequest> | WireRequest;
  readonly expect: Expectation;
  /** More than the status: what a success must carry. */
  readonly check?: (response: WireResponse) => void;
}

describe('soak', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;
  let signer: SessionSigner;
  let stranger: SessionSigner;
  let spareProfileId: string;
  const ca = makeCa('Soak Root', { key: 'ec' });

  before(async () => {
    server = await startServer({ args: RATE_LIMITS_OFF });
    admin = readAdminCredentials(server.credentialsFile);
    const root = identityFromPem(ca.certPem, readFileSync(ca.keyFile, 'utf8'));
    ({ signer, stranger } = workloadAndStranger(root, 'Soak'));
    setup = await setUpRolesAnywhere(server, ca.certPem);
    const spare = (await control(server, 'POST', '/profiles', {
      name: 'soak-spare',
      roleArns: [setup.roleArn],
    })) as {
      profile: { profileId: string };
    };
    spareProfileId = spare.profile.profileId;
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/soak: every valid request succeeds, every invalid one gets its 4xx, no 5xx, memory stays bounded', async () => {
    const ra = (
      method: string,
      path: string,
      options: { query?: Record<string, string>; body?: string } = {},
    ) =>
      signedWire(server.url, admin, {
        method,
        path,
        service: 'rolesanywhere',
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(options.body === undefined
          ? {}
          : { body: options.body, headers: { 'content-type': 'application/json' } }),
      });
    const form = (service: 'iam' | 'sts', body: string) =>
      signedWire(server.url, admin, {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
        service,
      });
    let written = 0;
    const kinds: readonly Kind[] = [
      {
        name: 'create-session',
        valid: true,
        weight: 6,
        // A fresh signature each time: a signed CreateSession is accepted at most once.
        make: () => createSessionWire(server.url, setup, signer),
        expect: { status: 201 },
        check: (response) => {
          const json = JSON.parse(response.text) as {
            credentialSet?: Array<{ credentials?: { sessionToken?: string } }>;
          };
          assert.equal(typeof json.credentialSet?.[0]?.credentials?.sessionToken, 'string');
        },
      },
      {
        name: 'list-trust-anchors',
        valid: true,
        weight: 2,
        make: () => ra('GET', '/trustanchors'),
        expect: { status: 200 },
      },
      {
        name: 'get-profile',
        valid: true,
        weight: 2,
        make: () => ra('GET', `/profile/${setup.profileId}`),
        expect: { status: 200 },
      },
      {
        name: 'list-subjects',
        valid: true,
        weight: 1,
        make: () => ra('GET', '/subjects'),
        expect: { status: 200 },
      },
      {
        name: 'update-profile',
        valid: true,
        weight: 1,
        make: () => {
          written += 1;
          return ra('PATCH', `/profile/${spareProfileId}`, {
            body: JSON.stringify({ name: `soak-${written}` }),
          });
        },
        expect: { status: 200 },
      },
      {
        name: 'iam-get-role',
        valid: true,
        weight: 1,
        make: () => form('iam', 'Action=GetRole&RoleName=Workload&Version=2010-05-08'),
        expect: { status: 200 },
      },
      {
        name: 'sts-get-caller-identity',
        valid: true,
        weight: 1,
        make: () => form('sts', 'Action=GetCallerIdentity&Version=2011-06-15'),
        expect: { status: 200 },
      },
      {
        name: 'create-session-bad-signature',
        valid: false,
        weight: 2,
        make: () => applyMutation(createSessionWire(server.url, setup, signer), { kind: 'signature', at: 7 }),
        expect: { status: 403, type: 'AccessDeniedException' },
      },
      {
        name: 'create-session-untrusted',
        valid: false,
        weight: 2,
        make: () => createSessionWire(server.url, setup, stranger),
        expect: { status: 403, type: 'AccessDeniedException' },
      },
      {
        name: 'create-session-malformed-body',
        valid: false,
        weight: 1,
        make: () => createSessionWire(server.url, setup, signer, { body: '{"durationSeconds":' }),
        expect: { status: 400, type: 'ValidationException' },
      },
      {
        name: 'control-plane-bad-signature',
        valid: false,
        weight: 1,
        make: async () => applyMutation(await ra('GET', '/trustanchors'), { kind: 'signature', at: 3 }),
        expect: { status: 403, type: 'InvalidSignatureException' },
      },
      {
        name: 'control-plane-malformed-body',
        valid: false,
        weight: 1,
        make: () => ra('POST', '/profiles', { body: '{"name":' }),
        expect: { status: 400, type: 'SerializationException' },
      },
      {
        name: 'unknown-path',
        valid: false,
        weight: 1,
        make: () => ra('GET', '/no/such/operation'),
        expect: { status: 404, type: 'UnknownOperationException' },
      },
      {
        name: 'unsigned',
        valid: false,
        weight: 1,
        make: () => ({
          method: 'GET',
          target: '/trustanchors',
          headers: [['Host', new URL(server.url).host]],
          body: Buffer.alloc(0),
        }),
        expect: { status: 403, type: 'MissingAuthenticationTokenException' },
      },
    ];
    const totalWeight = kinds.reduce((n, k) => n + k.weight, 0);
    const pick = (): Kind => {
      let r = Math.random() * totalWeight;
      for (const kind of kinds) {
        r -= kind.weight;
        if (r < 0) return kind;
      }
      return kinds[0] as Kind;
    };

    const tally = { valid: 0, invalid: 0 };
    const byKind = new Map<string, number>();
    const failures: string[] = [];
    const pid = server.child.pid;
    assert.ok(pid !== undefined);
    const started = Date.now();
    let requests = 0;
    let requestsAtWarmUp = 0;
    let sessionsAtWarmUp = 0;
    let rssBefore: number | undefined;
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(residentBytes(pid)), 2000);

    async function client(): Promise<void> {
      while (Date.now() - started < DURATION_MS && failures.length === 0) {
        if (rssBefore === undefined && Date.now() - started >= WARM_UP_MS) {
          rssBefore = residentBytes(pid as number);
          requestsAtWarmUp = requests;
          sessionsAtWarmUp = byKind.get('create-session') ?? 0;
        }
        const kind = pick();
        const response = await sendWire(server.url, await kind.make());
        requests += 1;
        byKind.set(kind.name, (byKind.get(kind.name) ?? 0) + 1);
        if (kind.valid) tally.valid += 1;
        else tally.invalid += 1;
        const type = response.headers['x-amzn-errortype'];
        const ok =
          response.status === kind.expect.status &&
          (kind.expect.type === undefined || type === kind.expect.type);
        if (!ok) {
          const id = response.headers['x-amzn-requestid'];
          const line = server.logs.find((l) => l.requestId === id && l.msg === 'request');
          failures.push(
            `${kind.name}: ${response.status} ${String(type)} ${response.text.slice(0, 200)} (${String(line?.reason ?? '')})`,
          );
          continue;
        }
        try {
          kind.check?.(response);
        } catch (error) {
          failures.push(`${kind.name}: ${String(error)}`);
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: CLIENTS }, client));
    } finally {
      clearInterval(sampler);
    }
    const rssAfter = residentBytes(pid);
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} requests did not get what they should`);
    assert.ok(rssBefore !== undefined, 'the run outlasted its warm-up');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

    console.log(`soak seconds ${DURATION_MS / 1000}`);
    console.log(`soak requests ${requests}`);
    console.log(`soak valid ${tally.valid}`);
    console.log(`soak invalid ${tally.invalid}`);
    console.log(`soak by_kind ${JSON.stringify(Object.fromEntries(byKind))}`);
    console.log(`soak rss_before_mib ${(rssBefore / MIB).toFixed(1)}`);
    console.log(`soak rss_after_mib ${(rssAfter / MIB).toFixed(1)}`);
    console.log(`soak rss_samples_mib ${samples.map((b) => (b / MIB).toFixed(0)).join(' ')}`);
    const sessions = (byKind.get('create-session') ?? 0) - sessionsAtWarmUp;
    console.log(`soak requests_after_warm_up ${requests - requestsAtWarmUp}`);
    console.log(`soak rss_bound_mib ${(rssBoundBytes(sessions) / MIB).toFixed(1)}`);
    assert.ok(
      rssAfter - rssBefore < rssBoundBytes(sessions),
      `resident memory grew ${((rssAfter - rssBefore) / MIB).toFixed(1)} MiB over ${requests - requestsAtWarmUp} requests; bound ${(rssBoundBytes(sessions) / MIB).toFixed(1)} MiB`,
    );
    // Every kind ran: the mix is what the counts say.
    for (const kind of kinds) assert.ok((byKind.get(kind.name) ?? 0) > 0, `${kind.name} never ran`);
  });
});
