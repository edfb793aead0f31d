/**
 * Fuzzing every HTTP endpoint of a running server (fast-check): CreateSession, the Roles Anywhere
 * control plane, the IAM and STS query APIs, the private CA (awsJson1_1), /authorize, /audit,
 * /notifications and the console. Two kinds of input per family:
 * - a valid request, freshly signed, then mutated (body bytes, method, path, query, signed header
 *   values, Content-Type, oversized fields, the signature and date themselves): never a 5xx, a
 *   4xx in the API's wire format, never credentials (a mutated CreateSession is never accepted);
 * - a request whose content is fuzzed (every operation of the API models, with values of each
 *   member's shape and of wrong ones) and then validly signed, so that the handlers behind the
 *   signature check see the fuzz: never a 5xx, a 4xx in the wire format.
 * The server answers /healthz after every family, and at the end a fresh CreateSession and a
 * control-plane call still succeed. Rate limits are off: the fuzz is for the handlers, and a
 * throttled request (429) would stop before them. Prints `fuzz http-<family> cases <n>`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apiModel as acmPcaModel } from '@anchorage/core/acm-pca/api-model.generated';
import { apiModel as iamModel } from '@anchorage/core/iam/api-model.generated';
import { apiModel as rolesAnywhereModel } from '@anchorage/core/rolesanywhere/api-model.generated';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import { apiModel as stsModel } from '@anchorage/core/sts/api-model.generated';
import fc from 'fast-check';
import { PAGES } from '../src/console/router.ts';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { identityFromPem } from './support/certificates.ts';
import { ConsoleClient } from './support/console-client.ts';
import {
  arnsQuery,
  createSessionWire,
  type SessionSigner,
  signedWire,
  uriEncode,
  workloadAndStranger,
} from './support/fuzz-requests.ts';
import { RATE_LIMITS_OFF } from './support/fuzz-server-args.ts';
import { HOSTILE_STRINGS, operationInput, queryParameters } from './support/fuzz-shapes.ts';
import {
  applyMutation,
  CREDENTIAL_FIELDS,
  type Mutation,
  mutationArbitrary,
  sameRequest,
  sendRaw,
  sendWire,
  type WireRequest,
  type WireResponse,
  wireProblem,
} from './support/fuzz-wire.ts';
import { makeCa, makeCrl } from './support/pki.ts';
import { control, type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const seedFromEnv = Number(process.env.FUZZ_SEED);
const SEED = Number.isSafeInteger(seedFromEnv) ? seedFromEnv : Math.floor(Math.random() * 0x7fffffff);
const scale = Number(process.env.FUZZ_SCALE ?? '1');
/** This run's seed and case count, and regression examples (which always run first). */
function runs<T>(n: number, examples: NoInfer<T>[] = []): fc.Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(n * (scale > 0 ? scale : 1))), examples };
}

describe('HTTP fuzz of every endpoint', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;
  let signer: SessionSigner;
  let stranger: SessionSigner;
  const ca = makeCa('Fuzz Root', { key: 'ec' });
  const counts = new Map<string, number>();
  const statuses = new Map<number, number>();

  /** Sends, counts, and checks what every answer must satisfy. */
  async function exchange(family: string, wire: WireRequest): Promise<WireResponse> {
    counts.set(family, (counts.get(family) ?? 0) + 1);
    const response = await sendWire(server.url, wire);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const problem = wireProblem(wire, response);
    if (problem !== null) {
      // The server's own account of a failure, for the report: the log line under the request id.
      const id = response.headers['x-amzn-requestid'];
      const logged = await server
        .waitForLog((line) => line.requestId === id && line.msg === 'unexpected failure')
        .catch(() => undefined);
      assert.fail(
        `${family}: ${wire.method} ${wire.target.slice(0, 200)} ${wire.body.toString('utf8').slice(0, 300)}: ${problem}\n${String(logged?.stack ?? '')}`,
      );
    }
    assert.ok(
      !response.text.includes(admin.secretAccessKey),
      `${family}: the admin secret key in a response`,
    );
    return response;
  }

  /** A mutated signed request gets no credentials, whatever it is. */
  function noCredentials(family: string, wire: WireRequest, response: WireResponse): void {
    assert.ok(
      !CREDENTIAL_FIELDS.test(response.text),
      `${family}: credentials for a mutated request ${wire.method} ${wire.target.slice(0, 200)}: ${response.status}`,
    );
  }

  async function healthy(): Promise<void> {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
  }

  const lowerNames = (wire: WireRequest) => wire.headers.map(([n]) => n.toLowerCase());

  before(async () => {
    server = await startServer({ args: RATE_LIMITS_OFF });
    admin = readAdminCredentials(server.credentialsFile);
    const root = identityFromPem(ca.certPem, readFileSync(ca.keyFile, 'utf8'));
    ({ signer, stranger } = workloadAndStranger(root, 'Fuzz'));
    setup = await setUpRolesAnywhere(server, ca.certPem);
    const first = await sendWire(server.url, createSessionWire(server.url, setup, signer));
    assert.equal(first.status, 201, first.text);
  });

  after(async () => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`fuzz seed ${SEED}`);
    for (const [family, n] of counts) console.log(`fuzz http-${family} cases ${n}`);
    console.log(`fuzz http requests ${total}`);
    console.log(
      `fuzz http statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    await server?.stop();
  });

  const mutations = fc.array(mutationArbitrary(), { minLength: 1, maxLength: 3 });

  test('fail/fuzz CreateSession mutated after signing: never accepted, never credentials, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (list: Mutation[]) => {
        // A fresh signature each time: CreateSession accepts a signature at most once.
        const valid = createSessionWire(server.url, setup, signer);
        const wire = list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
        const response = await exchange('create-session-mutated', wire);
        // The path prefix is not signed by design (the helper signs `/sessions` under any prefix),
        // so a request whose only change kept the `/sessions` ending may rightly succeed.
        const path = wire.target.split('?')[0] ?? '';
        if (list.every((m) => m.kind === 'path') && path.endsWith('/sessions')) return;
        // Mutations that cancel out (a parameter added, then dropped) leave a valid request.
        if (sameRequest(wire, valid)) return;
        assert.ok(
          response.status === 0 || response.status >= 400,
          `accepted: ${JSON.stringify(list).slice(0, 300)}`,
        );
        noCredentials('create-session-mutated', wire, response);
      }),
      runs(500, [
        // Mutations that cancel out: the request is valid again, and accepted.
        [
          [
            { kind: 'query-add', pair: '' },
            { kind: 'query-drop', at: 3 },
          ],
        ],
        [
          [
            { kind: 'header-value', at: 2, value: 'x' },
            { kind: 'signature', at: 0 },
            { kind: 'date', seconds: -1 },
          ],
        ],
      ]),
    );
    await healthy();
  });

  test('ok/fuzz CreateSession with fuzzed query, body, chain and certificate, freshly signed', async () => {
    const text = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }));
    const arn = fc.oneof(
      fc.constantFrom(setup.trustAnchorArn, setup.profileArn, setup.roleArn),
      fc.constantFrom(...HOSTILE_STRINGS),
    );
    const arns = fc.record({ trustAnchorArn: arn, profileArn: arn, roleArn: arn });
    const body = fc.oneof(
      fc
        .record(
          {
            durationSeconds: fc.oneof(fc.integer({ min: -10, max: 50_000 }), fc.jsonValue({ maxDepth: 1 })),
            roleSessionName: text,
            instanceProperties: fc.oneof(
              fc.dictionary(text, text, { maxKeys: 3 }),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            trustAnchorArn: arn,
            profileArn: arn,
            roleArn: arn,
            sessionName: text,
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.constantFrom('', '{', '{"durationSeconds":900,"durationSeconds":1}', `{"a":${'['.repeat(5000)}}`),
    );
    const chain = fc.oneof(
      fc.constant(signer.chain),
      fc.constant([]),
      fc.constant(Array(6).fill(signer.chain[0]) as Buffer[]),
      fc.constant([signer.der]),
      fc.uint8Array({ maxLength: 300 }).map((b) => [Buffer.from(b)]),
      fc.constant([Buffer.alloc(70_000, 0x30)]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.option(arns, { freq: 3 }),
        body,
        chain,
        fc.boolean(),
        fc.constantFrom(
          'application/json',
          'application/x-amz-json-1.0',
          'application/json; charset=utf-8',
          'text/json',
        ),
        async (query, rawBody, intermediates, trusted, contentType) => {
          const who = trusted ? { ...signer, chain: intermediates } : stranger;
          const wire = createSessionWire(server.url, setup, who, {
            rawQuery: query === null ? '' : arnsQuery(query),
            body: rawBody,
            contentType,
          });
          const response = await exchange('create-session-content', wire);
          if (response.status === 201) {
            assert.equal(trusted, true, 'an untrusted certificate got credentials');
            const json = JSON.parse(response.text) as { credentialSet?: unknown[] };
            assert.ok(Array.isArray(json.credentialSet) && json.credentialSet.length === 1);
          }
        },
      ),
      runs(300),
    );
    await healthy();
  });

  // --- The Roles Anywhere control plane ----------------------------------------------------

  const controlPlaneBase = () => {
    const requests: Array<() => Promise<WireRequest>> = [
      () => signedWire(server.url, admin, { method: 'GET', path: '/trustanchors', service: 'rolesanywhere' }),
      () =>
        signedWire(server.url, admin, {
          method: 'GET',
          path: `/profile/${setup.profileId}`,
          service: 'rolesanywhere',
        }),
      () =>
        signedWire(server.url, admin, {
          method: 'GET',
          path: '/subjects',
          query: { pageSize: '5' },
          service: 'rolesanywhere',
        }),
      () =>
        signedWire(server.url, admin, {
          method: 'GET',
          path: '/ListTagsForResource',
          query: { resourceArn: setup.trustAnchorArn },
          service: 'rolesanywhere',
        }),
      () =>
        signedWire(server.url, admin, {
          method: 'POST',
          path: '/profiles',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'fuzz-profile', roleArns: [setup.roleArn] }),
          service: 'rolesanywhere',
        }),
    ];
    return requests;
  };

  test('fail/fuzz the control plane mutated after signing: never a 5xx, errors in restJson1 form', async () => {
    const bases = controlPlaneBase();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        mutations,
        async (which: number, list: Mutation[]) => {
          const valid = await (bases[which] as () => Promise<WireRequest>)();
          const wire = list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
          const response = await exchange('control-plane-mutated', wire);
          noCredentials('control-plane-mutated', wire, response);
        },
      ),
      runs(400),
    );
    await healthy();
  });

  test('ok/fuzz every control-plane operation with model-driven input, validly signed', async () => {
    // Resources of their own that the fuzz may update, disable or delete; never the setup's,
    // which the last test needs.
    const spare = (await control(server, 'POST', '/trustanchors', {
      name: 'fuzz-spare',
      source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.certPem } },
    })) as { trustAnchor: { trustAnchorId: string; trustAnchorArn: string } };
    const spareProfile = (await control(server, 'POST', '/profiles', {
      name: 'fuzz-spare',
      roleArns: [setup.roleArn],
    })) as {
      profile: { profileId: string };
    };
    const spareCrl = (await control(server, 'POST', '/crls', {
      name: 'fuzz-spare',
      crlData: makeCrl(ca).der.toString('base64'),
      trustAnchorArn: spare.trustAnchor.trustAnchorArn,
    })) as { crl: { crlId: string } };
    const spareIds = [spare.trustAnchor.trustAnchorId, spareProfile.profile.profileId, spareCrl.crl.crlId];
    const operations = Object.entries(rolesAnywhereModel.operations);
    const inputs = fc.oneof(
      ...operations.map(([name]) =>
        operationInput(rolesAnywhereModel, name).map((input) => ({ name, input })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        inputs,
        fc.option(fc.constantFrom(...spareIds), { freq: 2 }),
        async ({ name, input }, spareId) => {
          const op = rolesAnywhereModel.operations[name];
          assert.ok(op !== undefined);
          const [template = '', fixedQuery] = op.uri.split('?');
          const path = template.replace(/\{(\w+)\+?\}/g, (_, label: string) =>
            uriEncode(spareId ?? input.labels[label] ?? ''),
          );
          const query = { ...Object.fromEntries(new URLSearchParams(fixedQuery ?? '')), ...input.query };
          const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : JSON.stringify(input.body);
          const wire = await signedWire(server.url, admin, {
            method: op.method,
            path,
            query,
            ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
            service: 'rolesanywhere',
          });
          await exchange('control-plane-content', wire);
        },
      ),
      runs(600, [
        // Found by this fuzz: a source without sourceData (500), or without a sourceType (a trust
        // anchor created with no source, which CreateSession and the expiry notifier then trip on).
        [
          {
            name: 'UpdateTrustAnchor',
            input: { labels: {}, query: {}, body: { source: { sourceType: 'AWS_ACM_PCA' } } },
          },
          spare.trustAnchor.trustAnchorId,
        ],
        [
          {
            name: 'CreateTrustAnchor',
            input: { labels: {}, query: {}, body: { name: 'fuzz-no-source', source: {} } },
          },
          null,
        ],
        [
          {
            name: 'CreateTrustAnchor',
            input: {
              labels: {},
              query: {},
              body: { name: 'fuzz-no-type', source: { sourceData: { acmPcaArn: 'x' } } },
            },
          },
          null,
        ],
        // Found by this fuzz: a member sent as null reached the handler (sessionPolicy: 500).
        [
          {
            name: 'CreateProfile',
            input: {
              labels: {},
              query: {},
              body: { name: 'fuzz-nulls', roleArns: [setup.roleArn], sessionPolicy: null },
            },
          },
          null,
        ],
      ]),
    );
    // Whatever the control plane accepted is well-formed: every trust anchor has a usable source,
    // and the expiry evaluation, which reads them all, runs.
    let nextToken: string | undefined;
    do {
      const page = await control(
        server,
        'GET',
        '/trustanchors',
        undefined,
        nextToken === undefined ? {} : { nextToken },
      );
      for (const anchor of page.trustAnchors as Array<{
        name: string;
        source?: { sourceType?: string; sourceData?: object };
      }>) {
        assert.ok(
          ['CERTIFICATE_BUNDLE', 'AWS_ACM_PCA'].includes(String(anchor.source?.sourceType)) &&
            typeof anchor.source?.sourceData === 'object',
          `trust anchor ${anchor.name} was stored with source ${JSON.stringify(anchor.source)}`,
        );
      }
      nextToken = page.nextToken as string | undefined;
    } while (nextToken !== undefined);
    await exchange(
      'notifications',
      await signedWire(server.url, admin, {
        method: 'POST',
        path: '/notifications/evaluate',
        service: 'rolesanywhere',
      }),
    );
    await healthy();
  });

  // --- IAM and STS (query protocol) ----------------------------------------------------------

  const queryService = (service: 'iam' | 'sts') => (service === 'iam' ? iamModel : stsModel);
  const queryWire = (service: 'iam' | 'sts', params: ReadonlyArray<readonly [string, string]>) =>
    signedWire(server.url, admin, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: params.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&'),
      service,
    });

  test('fail/fuzz IAM and STS mutated after signing: never a 5xx, errors as <ErrorResponse>, no credentials', async () => {
    const bases: Array<readonly ['iam' | 'sts', Array<readonly [string, string]>]> = [
      [
        'sts',
        [
          ['Action', 'GetCallerIdentity'],
          ['Version', '2011-06-15'],
        ],
      ],
      [
        'iam',
        [
          ['Action', 'GetRole'],
          ['RoleName', 'Workload'],
          ['Version', '2010-05-08'],
        ],
      ],
      [
        'iam',
        [
          ['Action', 'ListRoles'],
          ['Version', '2010-05-08'],
        ],
      ],
      [
        'sts',
        [
          ['Action', 'AssumeRole'],
          ['RoleArn', setup.roleArn],
          ['RoleSessionName', 'fuzz'],
          ['Version', '2011-06-15'],
        ],
      ],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        mutations,
        async (which: number, list: Mutation[]) => {
          const [service, params] = bases[which] as (typeof bases)[number];
          const valid = await queryWire(service, params);
          const wire = list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
          const response = await exchange('query-mutated', wire);
          noCredentials('query-mutated', wire, response);
        },
      ),
      runs(300),
    );
    await healthy();
  });

  test('ok/fuzz every IAM and STS operation with model-driven parameters, validly signed', async () => {
    const actions = (service: 'iam' | 'sts') =>
      Object.keys(queryService(service).operations).map((name) =>
        queryParameters(queryService(service), name).map((params) => ({ service, name, params })),
      );
    const input = fc.oneof(
      { arbitrary: fc.oneof(...actions('iam'), ...actions('sts')), weight: 9 },
      {
        arbitrary: fc.record({
          service: fc.constantFrom('iam' as const, 'sts' as const),
          name: fc.oneof(
            fc.constantFrom('', 'Frobnicate', 'getrole', '__proto__'),
            fc.string({ maxLength: 20 }),
          ),
          params: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })), {
            maxLength: 4,
          }),
        }),
        weight: 1,
      },
    );
    await fc.assert(
      fc.asyncProperty(
        input,
        fc.constantFrom('2010-05-08', '2011-06-15', '', 'x', null),
        async ({ service, name, params }, version) => {
          const all: Array<readonly [string, string]> = [['Action', name], ...params];
          if (version !== null) all.push(['Version', version]);
          await exchange('query-content', await queryWire(service, all));
        },
      ),
      runs(600),
    );
    await healthy();
  });

  // --- The private CA (awsJson1_1 on POST /) ---------------------------------------------------

  const pcaWire = (operation: string, body: string) =>
    signedWire(server.url, admin, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `ACMPrivateCA.${operation}` },
      body,
      service: 'acm-pca',
    });

  test('fail/fuzz the private CA mutated after signing: never a 5xx, errors with __type', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (list: Mutation[]) => {
        const valid = await pcaWire('ListCertificateAuthorities', '{}');
        const wire = list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
        const response = await exchange('private-ca-mutated', wire);
        noCredentials('private-ca-mutated', wire, response);
      }),
      runs(200),
    );
    await healthy();
  });

  test('ok/fuzz every private CA operation with model-driven input, validly signed', async () => {
    // Creating a CA makes a key (RSA-4096 takes seconds): left to the private CA's own tests.
    const operations = Object.keys(acmPcaModel.operations).filter(
      (name) => name !== 'CreateCertificateAuthority',
    );
    const inputs = fc.oneof(
      ...operations.map((name) =>
        operationInput(acmPcaModel, name).map((input) => ({ name, body: JSON.stringify(input.body) })),
      ),
      fc.record({
        name: fc.oneof(
          fc.constantFrom('', 'Nope', 'CreateCertificateAuthority.x'),
          fc.string({ maxLength: 16 }),
        ),
        body: fc.constant('{}'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(inputs, async ({ name, body }) => {
        await exchange('private-ca-content', await pcaWire(name, body));
      }),
      // Found by this fuzz: `"NextToken": null` reached the store (500).
      runs(400, [
        [{ name: 'ListCertificateAuthorities', body: '{"NextToken":null}' }],
        // An unknown member nested far deeper than any shape (the validator ignores unknown members).
        [
          {
            name: 'ListCertificateAuthorities',
            body: `{"Unknown":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
          },
        ],
      ]),
    );
    await healthy();
  });

  // --- /authorize, /audit, /notifications --------------------------------------------------------

  /** A question about a request signed with the admin key, as a resource server would forward it. */
  function question(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const forwarded = signRequest(
      {
        method: 'GET',
        rawPath: '/bucket/key',
        rawQuery: '',
        headers: [['Host', 's3.example']],
        payloadSha256Hex: 'UNSIGNED-PAYLOAD',
      },
      {
        accessKeyId: admin.accessKeyId,
        secretAccessKey: admin.secretAccessKey,
        region: 'us-east-1',
        service: 's3',
        now: Date.now(),
        uri: { normalizePath: false, doubleEncode: false },
      },
    );
    return {
      request: {
        method: 'GET',
        path: '/bucket/key',
        query: '',
        headers: forwarded.headers,
        payloadHash: 'UNSIGNED-PAYLOAD',
      },
      service: 's3',
      region: 'us-east-1',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
      context: {},
      ...overrides,
    };
  }

  const authorizeWire = (body: string) =>
    signedWire(server.url, admin, {
      method: 'POST',
      path: '/authorize',
      headers: { 'content-type': 'application/json' },
      body,
      service: 'anchorage',
    });

  test('ok/fuzz /authorize: fuzzed questions validly signed, and valid questions mutated after signing', async () => {
    const baseline = await exchange('authorize', await authorizeWire(JSON.stringify(question())));
    assert.equal(baseline.status, 200, baseline.text);
    const field = fc.constantFrom('request', 'service', 'region', 'action', 'resource', 'context');
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...HOSTILE_STRINGS));
    const requestPart = fc.record(
      {
        method: value,
        path: value,
        query: value,
        headers: fc.oneof(value, fc.array(fc.array(value, { maxLength: 3 }), { maxLength: 4 })),
        payloadHash: fc.oneof(value, fc.constant('UNSIGNED-PAYLOAD')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(field, value).map(([k, v]) => JSON.stringify(question({ [k]: v }))),
          requestPart.map((r) =>
            JSON.stringify(question({ request: { ...(question().request as object), ...r } })),
          ),
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
        ),
        fc.option(mutations, { freq: 2 }),
        async (body: string, list: Mutation[] | null) => {
          const valid = await authorizeWire(body);
          const wire =
            list === null ? valid : list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
          const response = await exchange('authorize', wire);
          if (list !== null) noCredentials('authorize', wire, response);
        },
      ),
      runs(300),
    );
    await healthy();
  });

  test('ok/fuzz /audit and /notifications: fuzzed query strings validly signed, and mutated requests', async () => {
    const paths = [
      '/audit/events',
      '/audit/events/export',
      '/notifications/events',
      '/notifications/evaluate',
      '/audit/',
      '/notifications/nope',
    ];
    const key = fc.constantFrom(
      'action',
      'outcome',
      'principal',
      'resource',
      'since',
      'until',
      'maxResults',
      'nextToken',
      'x',
    );
    const value = fc.oneof(
      fc.constantFrom(
        ...HOSTILE_STRINGS,
        '0',
        '1',
        '100',
        '101',
        'allowed',
        'denied',
        '2025-01-01T00:00:00Z',
      ),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('GET', 'POST', 'DELETE'),
        fc.dictionary(key, value, { maxKeys: 4 }),
        fc.option(mutations, { freq: 3 }),
        async (path: string, method: string, query: Record<string, string>, list: Mutation[] | null) => {
          const valid = await signedWire(server.url, admin, {
            method,
            path,
            query,
            service: 'rolesanywhere',
          });
          const wire =
            list === null ? valid : list.reduce((w, m) => applyMutation(w, m, lowerNames(valid)), valid);
          const response = await exchange(path.startsWith('/audit') ? 'audit' : 'notifications', wire);
          noCredentials('audit-notifications', wire, response);
        },
      ),
      runs(400),
    );
    await healthy();
  });

  // --- The console ---------------------------------------------------------------------------

  test('ok/fuzz the console: random pages, forms with and without a session and CSRF token, the console API', async () => {
    const client = new ConsoleClient(server.url);
    assert.equal((await client.signIn(admin)).status, 303);
    await client.get('/console/');
    const cookie = client.cookie ?? '';
    const csrf = client.csrf ?? '';
    const routes = PAGES.flatMap((page) =>
      page.routes.map((route) => ({ method: route.method, path: route.path })),
    );
    const segment = fc.oneof(
      fc.uuid(),
      fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)),
      fc.string({ maxLength: 10 }),
    );
    /** A route's path with its parameters fuzzed (never the setup's ids, so nothing it needs is deleted). */
    const page = fc
      .tuple(fc.constantFrom(...routes), fc.array(segment, { minLength: 4, maxLength: 4 }))
      .map(([route, values]) => ({
        method: route.method,
        path: `/console${route.path.replace(/:\w+/g, () => uriEncode(values.shift() ?? ''))}`,
      }));
    const randomPath = fc
      .string({ unit: fc.constantFrom('a', '/', '.', '%', '2', 'F', 'é', '-'), maxLength: 16 })
      .map((p) => ({ method: 'GET', path: `/console/${p}` }));
    const form = fc.array(
      fc.tuple(
        fc.constantFrom(
          'name',
          'description',
          'roleArns',
          'durationSeconds',
          'policyDocument',
          'pem',
          'enabled',
          'x',
        ),
        fc.oneof(
          fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)),
          fc.string({ maxLength: 20 }),
        ),
      ),
      { maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(page, randomPath),
        fc.constantFrom('session', 'session-and-token', 'none', 'forged-cookie'),
        form,
        fc.constantFrom('same-origin', 'cross-site'),
        async (target, who, fields, site) => {
          // A valid token only goes with pages whose ids are fuzzed, and never to "create a CA" (key generation).
          const token =
            who === 'session-and-token' && !target.path.startsWith('/console/private-ca/new')
              ? csrf
              : 'guess';
          const body = new URLSearchParams([...fields, ['_csrf', token]]).toString();
          const headers: Array<readonly [string, string]> = [
            ['Host', new URL(server.url).host],
            ['Sec-Fetch-Site', site],
          ];
          if (who === 'session' || who === 'session-and-token')
            headers.push(['Cookie', `anchorage_console=${cookie}`]);
          if (who === 'forged-cookie')
            headers.push(['Cookie', `anchorage_console=${uriEncode(fields[0]?.[1] ?? 'x')}`]);
          if (target.method === 'POST') headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
          const wire: WireRequest = {
            method: target.method,
            target: target.path,
            headers,
            body: Buffer.from(target.method === 'POST' ? body : ''),
          };
          const response = await exchange('console', wire);
          noCredentials('console', wire, response);
          // A POST without the real token never gets past the CSRF check.
          if (target.method === 'POST' && token !== csrf)
            assert.ok(response.status >= 300, `${target.path}: ${response.status}`);
        },
      ),
      runs(400),
    );
    // The console API (SigV4, JSON), with fuzzed user names and bodies.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'GET', 'POST'),
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_.@+=,-]{1,64}$/),
          fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100)),
        ),
        fc.oneof(
          fc.record(
            { password: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 })) },
            { requiredKeys: [] },
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        async (method: string, name: string, json: unknown) => {
          const wire = await signedWire(server.url, admin, {
            method,
            path: `/console/api/users/${uriEncode(name)}`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(json) ?? '',
            service: 'rolesanywhere',
          });
          await exchange('console-api', wire);
        },
      ),
      runs(100),
    );
    await healthy();
  });

  // --- Bytes Node's own HTTP client would not send --------------------------------------------

  test('fail/fuzz raw request lines and headers: refused at the HTTP layer or with a wire error, never a 5xx', async () => {
    const line = fc.oneof(
      fc.constantFrom(
        'GET / HTTP/1.1',
        'POST /sessions HTTP/1.1',
        'GET /healthz HTTP/1.0',
        'BREW /pot HTCPCP/1.0',
        '',
        'GET',
        'GET /a b HTTP/1.1',
        'GET /\u0000 HTTP/1.1',
      ),
      fc.string({ maxLength: 40 }),
    );
    const headerLine = fc.oneof(
      fc.constantFrom(
        'Host: x',
        'Content-Length: -1',
        'Content-Length: 10',
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        'Content-Length: 1\r\nContent-Length: 2',
        ': empty',
        'X: \u0001',
        'Authorization: AWS4-HMAC-SHA256',
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        line,
        fc.array(headerLine, { maxLength: 4 }),
        fc.string({ maxLength: 30 }),
        async (first, headers, body) => {
          counts.set('raw', (counts.get('raw') ?? 0) + 1);
          const response = await sendRaw(
            server.url,
            Buffer.from(`${first}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1'),
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          assert.ok(
            response.status < 500,
            `${JSON.stringify(first)}: ${response.status} ${response.text.slice(0, 200)}`,
          );
          assert.ok(!CREDENTIAL_FIELDS.test(response.text));
        },
      ),
      runs(150),
    );
    await healthy();
  });

  test('ok/after the fuzz: /healthz answers, a freshly signed CreateSession and a control-plane call succeed', async () => {
    await healthy();
    const session = await sendWire(server.url, createSessionWire(server.url, setup, signer));
    assert.equal(session.status, 201, session.text);
    const json = JSON.parse(session.text) as {
      credentialSet: Array<{ credentials: Record<string, string> }>;
    };
    assert.equal(typeof json.credentialSet[0]?.credentials.secretAccessKey, 'string');
    const listed = await sendWire(
      server.url,
      await signedWire(server.url, admin, {
        method: 'GET',
        path: `/trustanchor/${setup.trustAnchorId}`,
        service: 'rolesanywhere',
      }),
    );
    assert.equal(listed.status, 200, listed.text);
  });
});
