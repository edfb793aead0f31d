/**
 * kill -9 in the middle of a write load, then a restart on the same data: every write the server
 * acknowledged (answered 2xx) before it died must be there and be what was written. Writes of
 * several kinds run at once, each through its real API: Roles Anywhere profiles and trust anchors
 * (restJson1), IAM roles and managed policies (the Query API), ACM PCA IssueCertificate and
 * RevokeCertificate (awsJson1_1, each a write that signs with the CA key; a revocation is two
 * writes, see revoke-certificate.ts). The kill comes at a random moment once the load runs; with
 * several workers every process of the server is killed at once. Writes in flight at the kill
 * (sent, never answered) may or may not have landed: they are counted, not judged.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomInt, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildCsr } from '@anchorage/core/x509/build/csr';
import { encodeName, parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { crlToDer, parseCrl } from '@anchorage/core/x509/crl';
import { encodePem } from '@anchorage/core/x509/pem';
import { type ApiClient, ApiError } from '../../src/client/api-client.ts';
import { issue } from './certificates.ts';
import { adminClient, createActiveCa } from './private-ca-workloads.ts';
import type { ServerProcess } from './server-process.ts';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/durable';
const END_ENTITY = 'arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1';

export interface CrashReport {
  readonly acknowledged: number;
  readonly recovered: number;
  readonly inFlight: number;
  readonly inFlightLanded: number;
  readonly refused: number;
  readonly byKind: Readonly<Record<string, { acknowledged: number; inFlight: number }>>;
  readonly killDelayMs: number;
}

interface Kind<A> {
  readonly name: string;
  readonly writers: number;
  /** One write; resolves to what identifies it once acknowledged, or undefined to skip a turn. */
  write(n: number): Promise<A | undefined>;
  /** What identifies an unanswered write (for counting whether it landed). */
  pending(n: number): string;
  /** After the restart: the acknowledged writes missing or wrong (a message for each). */
  verify(client: ApiClient, acknowledged: readonly A[]): Promise<string[]>;
  /** After the restart: how many of the writes in flight landed. */
  landed(client: ApiClient, pending: readonly string[]): Promise<number>;
}

async function allPages<T>(client: ApiClient, path: string, field: string): Promise<T[]> {
  const out: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.rolesAnywhere('GET', path, undefined, {
      pageSize: '100',
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    out.push(...(page[field] as T[]));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return out;
}

const xmlField = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.code === 'NoSuchEntity')) return false;
    throw error;
  }
}

/** Runs `work` over `items` with a few requests at a time. */
async function eachLimited<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T);
      }
    }),
  );
  return results;
}

function kinds(
  writer: ApiClient,
  prefix: string,
  ca: { arn: string; certificate: X509Certificate },
  csrBase64: string,
): Kind<unknown>[] {
  const anchorPem = issue({ subject: [['CN', `${prefix} anchor CA`]], ca: true, keyType: 'p256' }).pem;
  const issued: string[] = []; // serials acknowledged by IssueCertificate, for the revoker to take
  const trustPolicy = (n: number) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: `Load${n}`,
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  const policyDocument = (n: number) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${prefix}-bucket-${n}/*` },
      ],
    });
  const serialOf = (certificateArn: string) => certificateArn.slice(certificateArn.lastIndexOf('/') + 1);

  const profiles: Kind<{ id: string; name: string }> = {
    name: 'profile',
    writers: 2,
    async write(n) {
      const name = `${prefix}-profile-${n}`;
      const r = await writer.rolesAnywhere('POST', '/profiles', { name, roleArns: [ROLE_ARN] });
      return { id: (r.profile as { profileId: string }).profileId, name };
    },
    pending: (n) => `${prefix}-profile-${n}`,
    async verify(client, acknowledged) {
      const stored = new Map(
        (
          await allPages<{ profileId: string; name: string; roleArns: string[] }>(
            client,
            '/profiles',
            'profiles',
          )
        ).map((p) => [p.profileId, p]),
      );
      return acknowledged.flatMap((a) => {
        const p = stored.get(a.id);
        if (p === undefined) return [`profile ${a.name} is lost`];
        return p.name === a.name && p.roleArns.join() === ROLE_ARN ? [] : [`profile ${a.name} differs`];
      });
    },
    async landed(client, pending) {
      const names = new Set(
        (await allPages<{ name: string }>(client, '/profiles', 'profiles')).map((p) => p.name),
      );
      return pending.filter((n) => names.has(n)).length;
    },
  };

  const trustAnchors: Kind<{ id: string; name: string }> = {
    name: 'trust anchor',
    writers: 2,
    async write(n) {
      const name = `${prefix}-anchor-${n}`;
      const r = await writer.rolesAnywhere('POST', '/trustanchors', {
        name,
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: anchorPem } },
      });
      return { id: (r.trustAnchor as { trustAnchorId: string }).trustAnchorId, name };
    },
    pending: (n) => `${prefix}-anchor-${n}`,
    async verify(client, acknowledged) {
      type Anchor = {
        trustAnchorId: string;
        name: string;
        source: { sourceData: { x509CertificateData: string } };
      };
      const stored = new Map(
        (await allPages<Anchor>(client, '/trustanchors', 'trustAnchors')).map((t) => [t.trustAnchorId, t]),
      );
      return acknowledged.flatMap((a) => {
        const t = stored.get(a.id);
        if (t === undefined) return [`trust anchor ${a.name} is lost`];
        const same = t.name === a.name && t.source.sourceData.x509CertificateData.trim() === anchorPem.trim();
        return same ? [] : [`trust anchor ${a.name} differs`];
      });
    },
    async landed(client, pending) {
      const names = new Set(
        (await allPages<{ name: string }>(client, '/trustanchors', 'trustAnchors')).map((t) => t.name),
      );
      return pending.filter((n) => names.has(n)).length;
    },
  };

  const roles: Kind<{ name: string; document: string }> = {
    name: 'IAM role',
    writers: 2,
    async write(n) {
      const name = `${prefix}-role-${n}`;
      await writer.iam('CreateRole', {
        RoleName: name,
        AssumeRolePolicyDocument: trustPolicy(n),
        Description: `load ${n}`,
      });
      return { name, document: trustPolicy(n) };
    },
    pending: (n) => `${prefix}-role-${n}`,
    async verify(client, acknowledged) {
      return (
        await eachLimited(acknowledged, async (a) => {
          try {
            const xml = await client.iam('GetRole', { RoleName: a.name });
            const document = decodeURIComponent(xmlField(xml, 'AssumeRolePolicyDocument') ?? '');
            return JSON.stringify(JSON.parse(document)) === a.document ? [] : [`role ${a.name} differs`];
          } catch (error) {
            if (error instanceof ApiError && error.code === 'NoSuchEntity') return [`role ${a.name} is lost`];
            throw error;
          }
        })
      ).flat();
    },
    async landed(client, pending) {
      const found = await eachLimited(pending, (name) =>
        exists(() => client.iam('GetRole', { RoleName: name })),
      );
      return found.filter(Boolean).length;
    },
  };

  const policies: Kind<{ arn: string; document: string }> = {
    name: 'IAM policy',
    writers: 2,
    async write(n) {
      const xml = await writer.iam('CreatePolicy', {
        PolicyName: `${prefix}-policy-${n}`,
        PolicyDocument: policyDocument(n),
      });
      return { arn: xmlField(xml, 'Arn') ?? '', document: policyDocument(n) };
    },
    pending: (n) => `arn:aws:iam::000000000000:policy/${prefix}-policy-${n}`,
    async verify(client, acknowledged) {
      return (
        await eachLimited(acknowledged, async (a) => {
          try {
            const policy = await client.iam('GetPolicy', { PolicyArn: a.arn });
            const version = xmlField(policy, 'DefaultVersionId') ?? '';
            const xml = await client.iam('GetPolicyVersion', { PolicyArn: a.arn, VersionId: version });
            const document = decodeURIComponent(xmlField(xml, 'Document') ?? '');
            return JSON.stringify(JSON.parse(document)) === a.document ? [] : [`policy ${a.arn} differs`];
          } catch (error) {
            if (error instanceof ApiError && error.code === 'NoSuchEntity')
              return [`policy ${a.arn} is lost`];
            throw error;
          }
        })
      ).flat();
    },
    async landed(client, pending) {
      const found = await eachLimited(pending, (arn) =>
        exists(() => client.iam('GetPolicy', { PolicyArn: arn })),
      );
      return found.filter(Boolean).length;
    },
  };

  const certificates: Kind<{ arn: string }> = {
    name: 'issued certificate',
    writers: 1,
    async write() {
      const r = await writer.acmPca('IssueCertificate', {
        CertificateAuthorityArn: ca.arn,
        Csr: csrBase64,
        SigningAlgorithm: 'SHA256WITHECDSA',
        TemplateArn: END_ENTITY,
        Validity: { Type: 'DAYS', Value: 7 },
      });
      const arn = String(r.CertificateArn);
      issued.push(serialOf(arn));
      return { arn };
    },
    // IssueCertificate answers with the serial: an unanswered one cannot be looked for.
    pending: () => '',
    async verify(client, acknowledged) {
      return (
        await eachLimited(acknowledged, async (a) => {
          try {
            const r = await client.acmPca('GetCertificate', {
              CertificateAuthorityArn: ca.arn,
              CertificateArn: a.arn,
            });
            const certificate = new X509Certificate(String(r.Certificate));
            const right =
              certificate.serialNumber.toLowerCase().replace(/^0+/, '') ===
                serialOf(a.arn).replace(/^0+/, '') && certificate.verify(ca.certificate.publicKey);
            return right ? [] : [`certificate ${a.arn} differs`];
          } catch (error) {
            if (error instanceof ApiError && error.status === 400) return [`certificate ${a.arn} is lost`];
            throw error;
          }
        })
      ).flat();
    },
    landed: async () => 0,
  };

  const revokedSerials = async (client: ApiClient) => {
    const { Crl } = await client.acmPca('GetCertificateAuthorityCrl', { CertificateAuthorityArn: ca.arn });
    return new Set(
      parseCrl(crlToDer(Buffer.from(String(Crl)))).revokedCertificates.map((e) =>
        e.serialNumber.toString(16),
      ),
    );
  };
  const taken = new Map<number, string>(); // write number → serial it revokes
  const revocations: Kind<{ serial: string }> = {
    name: 'revocation',
    writers: 1,
    async write(n) {
      const serial = issued.shift();
      if (serial === undefined) return undefined;
      taken.set(n, serial);
      await writer.acmPca('RevokeCertificate', {
        CertificateAuthorityArn: ca.arn,
        CertificateSerial: serial,
        RevocationReason: 'KEY_COMPROMISE',
      });
      return { serial };
    },
    pending: (n) => taken.get(n) ?? '',
    async verify(client, acknowledged) {
      const revoked = await revokedSerials(client);
      return acknowledged.flatMap((a) =>
        revoked.has(a.serial.replace(/^0+/, '')) ? [] : [`revocation of ${a.serial} is not in the CRL`],
      );
    },
    async landed(client, pending) {
      const revoked = await revokedSerials(client);
      return pending.filter((s) => s !== '' && revoked.has(s.replace(/^0+/, ''))).length;
    },
  };
  return [profiles, trustAnchors, roles, policies, certificates, revocations] as Kind<unknown>[];
}

/** The worker processes of a server started with --workers (Linux: the kernel lists a process's children). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to the server and every worker, back to back; resolves once all are gone. */
async function killEveryProcess(server: ServerProcess): Promise<void> {
  const workers = childrenOf(server.child.pid ?? 0);
  for (const pid of workers) process.kill(pid, 'SIGKILL');
  await server.kill();
  for (let i = 0; i < 200 && workers.some(alive); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(!workers.some(alive), 'every worker is dead');
}

/**
 * Starts `start()`, loads it with writes, kills it at a random moment, restarts it with
 * `restart(dataDir)` and checks every acknowledged write. Throws (an assertion) on a lost or
 * changed write; resolves to the figures.
 */
export async function crashUnderWriteLoad(options: {
  readonly label: string;
  readonly start: () => Promise<ServerProcess>;
  readonly restart: (dataDir: string) => Promise<ServerProcess>;
  /** Acknowledged writes to wait for before the random delay to the kill starts. */
  readonly minimumAcknowledged?: number;
}): Promise<CrashReport> {
  const server = await options.start();
  const caCreated = await createActiveCa(server, 'EC_prime256v1', `${options.label} Load Root`);
  const ca = { arn: caCreated.arn, certificate: new X509Certificate(caCreated.certificatePem) };
  const csrKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const csr = encodePem(
    'CERTIFICATE REQUEST',
    buildCsr(encodeName(parseDistinguishedName('CN=load')), csrKey),
  );
  const prefix = options.label.replace(/[^A-Za-z0-9]/g, '');
  const all = kinds(adminClient(server), prefix, ca, Buffer.from(csr).toString('base64'));

  const acknowledged = all.map(() => [] as unknown[]);
  const inFlight = all.map(() => [] as string[]);
  let refused = 0;
  const unexpected: string[] = [];
  let killing = false;
  let counter = 0;
  const writer = async (k: number) => {
    const kind = all[k] as Kind<unknown>;
    while (!killing) {
      const n = counter++;
      try {
        const done = await kind.write(n);
        if (done === undefined) await new Promise((r) => setTimeout(r, 10));
        else acknowledged[k]?.push(done);
      } catch (error) {
        const answered = error instanceof ApiError && error.status > 0;
        if (answered) refused++;
        else if (killing) inFlight[k]?.push(kind.pending(n));
        else unexpected.push(`${kind.name}: ${(error as Error).message}`);
        if (!killing && !answered) return;
      }
    }
  };
  const writers = all.flatMap((kind, k) => Array.from({ length: kind.writers }, () => writer(k)));

  const minimum = options.minimumAcknowledged ?? 60;
  const total = () => acknowledged.reduce((sum, a) => sum + a.length, 0);
  const deadline = Date.now() + 30_000;
  while (total() < minimum && Date.now() < deadline && unexpected.length === 0)
    await new Promise((r) => setTimeout(r, 10));
  const killDelayMs = randomInt(0, 1500);
  await new Promise((r) => setTimeout(r, killDelayMs));
  killing = true;
  await killEveryProcess(server);
  await Promise.all(writers);
  assert.deepEqual(unexpected, [], 'no write failed before the kill');
  assert.ok(total() >= minimum, `only ${total()} writes were acknowledged before the kill`);

  const restarted = await options.restart(server.dataDir);
  try {
    const client = adminClient(restarted);
    const problems: string[] = [];
    let landed = 0;
    for (const [k, kind] of all.entries()) {
      problems.push(...(await kind.verify(client, acknowledged[k] ?? [])));
      landed += await kind.landed(client, inFlight[k] ?? []);
    }
    assert.deepEqual(problems, [], `${problems.length} of ${total()} acknowledged writes lost or changed`);
    const byKind = Object.fromEntries(
      all.map((kind, k) => [
        kind.name,
        { acknowledged: acknowledged[k]?.length ?? 0, inFlight: inFlight[k]?.length ?? 0 },
      ]),
    );
    return {
      acknowledged: total(),
      recovered: total() - problems.length,
      inFlight: inFlight.reduce((sum, f) => sum + f.length, 0),
      inFlightLanded: landed,
      refused,
      byKind,
      killDelayMs,
    };
  } finally {
    await restarted.stop();
  }
}

/** The line the lead's report quotes, then the detail. */
export function describeCrash(store: string, report: CrashReport): string[] {
  return [
    `crash ${store} acknowledged ${report.acknowledged} recovered ${report.recovered}`,
    `crash ${store} in-flight ${report.inFlight} landed ${report.inFlightLanded} refused ${report.refused} kill-delay-ms ${report.killDelayMs}`,
    `crash ${store} by kind ${Object.entries(report.byKind)
      .map(([name, c]) => `${name}=${c.acknowledged}+${c.inFlight}`)
      .join(' ')}`,
  ];
}
