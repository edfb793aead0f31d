/**
 * `anchorage serve`: the server's composition root. It alone touches the file system, opens the
 * store and the listening socket, and wires clock, randomness and configuration into the rest.
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { apiModel as iamApiModel } from '@anchorage/core/iam/api-model.generated';
import { apiModel } from '@anchorage/core/rolesanywhere/api-model.generated';
import { apiModel as stsApiModel } from '@anchorage/core/sts/api-model.generated';
import { createCertificateCache } from '@anchorage/core/x509/certificate-cache';
import { createValidationCache } from '@anchorage/core/x509/path/validation-cache';
import type { Store } from '@anchorage/store/port';
import { acmPcaService } from './acm-pca/operations.ts';
import { createAuditRecorder } from './audit/audit-recorder.ts';
import { startAuditRetention } from './audit/audit-retention.ts';
import { storeSink } from './audit/store-sink.ts';
import {
  ADMIN_CREDENTIALS_FILE,
  adminPrincipalArn,
  ensureAdminCredentials,
} from './auth/admin-credentials.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { createAuthorizer } from './authz/authorizer.ts';
import type { ServerConfig } from './config/config.ts';
import { CONTROL_PLANE_OPERATIONS } from './control-plane/operations.ts';
import { createRequestHandler, MAX_HEADER_FIELDS } from './http/handle-request.ts';
import { IAM_OPERATIONS } from './iam/operations.ts';
import { createServerLimits } from './limits/server-limits.ts';
import type { Logger } from './logging/logger.ts';
import { startMetrics } from './metrics/start-metrics.ts';
import { startNotifications } from './notifications/start-notifications.ts';
import { openConfiguredStore } from './open-store.ts';
import { openDataKeyBox } from './secrets/data-keys.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import { createSessionReads } from './sessions/session-reads.ts';
import { createSubjectRecorder } from './sessions/subject-recorder.ts';
import { createTrustDecisions } from './sessions/trust-decisions.ts';
import { createTrustMaterialSource } from './sessions/trust-material.ts';
import { createKeyRing, type KeyRing } from './sts/key-ring.ts';
import { stsOperations } from './sts/operations.ts';

export { DATABASE_FILE } from './open-store.ts';

/**
 * Slow clients cannot hold a connection: headers within 10 s, the whole request within 30 s, and
 * (`--idle-timeout`) no connection on which nothing moves, such as one whose client stopped
 * reading its response. Node checks the first two every CONNECTIONS_CHECK_MS (its default, 30 s,
 * would let a slow client stay up to 30 s past them).
 */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const CONNECTIONS_CHECK_MS = 1_000;
/**
 * Request headers may total this much: CreateSession carries up to six certificates in headers,
 * and an ML-DSA-87 chain with its signature is some 70 KiB (Node's default is 16 KiB).
 */
const MAX_HEADER_BYTES = 96 * 1024;
/** Parsed certificates remembered by their base64 text (parsing only; trust is checked every time). */
const CERTIFICATE_CACHE_ENTRIES = 10_000;
/** Role-trust answers remembered (only for trust policies that do not look at the time). */
const TRUST_DECISION_ENTRIES = 10_000;
/** Validated certificate chains remembered (each only until its certificates or CRLs expire). */
const VALIDATION_CACHE_ENTRIES = 10_000;
/** On SIGTERM, in-flight requests get this long to finish before the process exits anyway. */
const DRAIN_DEADLINE_MS = 20_000;

export interface RunningServer {
  readonly url: string;
  readonly adminCredentialsPath: string;
  /** Stops accepting, lets in-flight requests finish, closes the store. */
  shutdown(): Promise<void>;
}

/**
 * Before several workers start on one data directory, one process makes what they must not race
 * to make: the directory, the schema, the data key, the administrator key and the first token key.
 */
export async function initializeDataDir(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<void> {
  const store = await openConfiguredStore(config);
  try {
    await ensureFirstStartMaterial(store, openDataKeyBox(config.dataDir, env), config, logger);
  } finally {
    await store.close();
  }
}

/**
 * What the first start makes and later starts find: the administrator key (and its file) and a
 * token key, made now rather than on the first AssumeRole so a fresh server's first session is
 * not slower. Returns the key ring.
 */
async function ensureFirstStartMaterial(
  store: Store,
  box: SecretBox,
  config: ServerConfig,
  logger: Logger,
): Promise<KeyRing> {
  const admin = await ensureAdminCredentials(
    store,
    box,
    config.dataDir,
    adminPrincipalArn(config.partition, config.accountId),
    Date.now(),
  );
  if (admin.created) logger.info('created administrator credentials', { path: admin.path });
  const keyRing = createKeyRing(store, box);
  await keyRing.sealingKey(Date.now());
  return keyRing;
}

export async function startServer(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<RunningServer> {
  const store: Store = await openConfiguredStore(config);
  const box = openDataKeyBox(config.dataDir, env);
  const location = { partition: config.partition, region: config.region, accountId: config.accountId };
  const keyRing = await ensureFirstStartMaterial(store, box, config, logger);

  const subjects = createSubjectRecorder(store, location, randomUUID);
  const notifications = startNotifications({ config, store, location, logger, subjects });
  const audit = createAuditRecorder(storeSink(store), logger);
  // At start, then hourly; every worker and server prunes, each record goes once (docs/audit.md).
  const retention = startAuditRetention({
    store,
    retentionDays: config.auditRetentionDays,
    logger,
    now: Date.now,
  });

  let accepting = true;
  const inFlight = new Set<Promise<void>>();
  const sts = stsOperations(keyRing);
  const acmPca = acmPcaService(box);
  const reads = createSessionReads(store);
  const trustDecisions = createTrustDecisions(TRUST_DECISION_ENTRIES);
  const validationCache = createValidationCache(VALIDATION_CACHE_ENTRIES);
  const certificates = createCertificateCache(CERTIFICATE_CACHE_ENTRIES);
  const metrics = await startMetrics(config, logger, {
    operationTables: [CONTROL_PLANE_OPERATIONS, IAM_OPERATIONS, sts, acmPca.operations],
    certificates,
    validationCache,
    trustDecisions,
    reads,
    audit,
    subjects,
    notifier: notifications.notifier,
    requestsInFlight: () => inFlight.size,
  });
  const limits = createServerLimits({
    config,
    store,
    authenticator: createAuthenticator(store, box, keyRing, config.region),
    logger,
    now: Date.now,
    // A worker of `--workers N` asks the primary, which holds the limits of all workers.
    primary: cluster.isWorker
      ? {
          send: (message) => process.send?.(message),
          on: (event, listener) => process.on(event, listener),
          off: (event, listener) => process.off(event, listener),
        }
      : undefined,
  });
  const handler = createRequestHandler({
    store,
    model: apiModel,
    operations: CONTROL_PLANE_OPERATIONS,
    queryServices: {
      iam: { model: iamApiModel, operations: IAM_OPERATIONS },
      sts: { model: stsApiModel, operations: sts },
    },
    acmPca,
    authenticator: limits.api.authenticator,
    authorizer: createAuthorizer(store, location),
    sessions: {
      admit: limits.admitSession,
      store,
      location,
      keyRing,
      trust: createTrustMaterialSource(),
      reads,
      trustDecisions,
      validationCache,
      subjects,
      certificates,
    },
    notifications: notifications.notifier,
    audit,
    location,
    logger,
    now: Date.now,
    newId: randomUUID,
    isAccepting: () => accepting,
    metrics: metrics.requests,
    limits,
  });
  const options = {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
  };
  // Responses under way per connection: a connection that goes idle with one is a stalled client.
  const exchanges = new WeakMap<Socket, number>();
  const idleTimeoutMs = config.idleTimeoutSeconds * 1000;
  const listener: Parameters<typeof createHttpServer>[1] = (req, res) => {
    const done = new Promise<void>((resolve) => res.on('close', resolve));
    inFlight.add(done);
    const socket = req.socket;
    // Node turns a kept-alive connection's timeout off when its next request arrives: re-armed here.
    socket.setTimeout(idleTimeoutMs);
    exchanges.set(socket, (exchanges.get(socket) ?? 0) + 1);
    void done.then(() => {
      inFlight.delete(done);
      exchanges.set(socket, (exchanges.get(socket) ?? 1) - 1);
    });
    handler(req, res);
  };
  const tls = config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined;
  const server: Server = tls
    ? createHttpsServer(
        {
          ...options,
          cert: readFileSync(config.tlsCertFile ?? ''),
          key: readFileSync(config.tlsKeyFile ?? ''),
        },
        listener,
      )
    : createHttpServer(options, listener);
  // More header fields than this: 431 from Node's parser, before any reaches JavaScript.
  server.maxHeadersCount = MAX_HEADER_FIELDS;
  server.timeout = idleTimeoutMs;
  // Node reports keep-alive expiry here too: only a connection with a request under way, or with
  // answers its client has not read, is news.
  server.on('timeout', (socket: Socket) => {
    if (socket.writableLength > 0 || (exchanges.get(socket) ?? 0) > 0) {
      logger.info('idle connection closed', {
        remoteAddress: socket.remoteAddress,
        idleSeconds: config.idleTimeoutSeconds,
        unsentBytes: socket.writableLength,
      });
    }
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  logger.info('listening', {
    url,
    region: config.region,
    accountId: config.accountId,
    dataDir: config.dataDir,
  });

  return {
    url,
    adminCredentialsPath: join(config.dataDir, ADMIN_CREDENTIALS_FILE),
    async shutdown() {
      accepting = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, DRAIN_DEADLINE_MS).unref());
      await Promise.race([Promise.all([closed, ...inFlight]), deadline]);
      server.closeAllConnections();
      limits.close();
      await metrics.close();
      await notifications.stop();
      await retention.stop();
      await subjects.close();
      // After the drain: the records of every finished request are queued by now.
      await audit.close();
      await store.close();
      logger.info('stopped');
    },
  };
}
