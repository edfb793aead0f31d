/**
 * Server configuration: parsed once at start from flags and environment variables, validated
 * completely (every problem reported together), unknown flags rejected. Flags win over the
 * environment; defaults are the interface DESIGN.md promises.
 */
import type { BucketName } from '../limits/limit-refusal.ts';
import { parseRateRule, type RateRule } from '../limits/rate-rule.ts';
import { type HostPort, parseHostPort } from '../metrics/metrics-address.ts';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  readonly databaseUrl: string | undefined;
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  readonly logLevel: LogLevel;
  /** HTTP worker processes sharing the listening socket and the store. */
  readonly workers: number;
  /** Audit records older than this many days are removed (hourly); 0 keeps them forever. docs/audit.md */
  readonly auditRetentionDays: number;
  /** Where expiry notifications are POSTed (http or https); none when unset. */
  readonly notificationWebhookUrl: string | undefined;
  /** File holding the webhook's HMAC secret; unset: `<data-dir>/notification-webhook-secret`. */
  readonly notificationWebhookSecretFile: string | undefined;
  /** A listener of its own serving only `GET /metrics` (docs/metrics.md); none when unset. */
  readonly metricsAddress: HostPort | undefined;
  /** Bearer token for `/metrics`; with it, `/metrics` is served on the main port too. */
  readonly metricsTokenFile: string | undefined;
  /** Requests one process works on at once; more are answered 503 (0: no cap). docs/limits.md */
  readonly maxConcurrentRequests: number;
  /** A connection on which nothing moves this long is closed (a client that stops reading). */
  readonly idleTimeoutSeconds: number;
  /** The token buckets (docs/limits.md); a rate of 0 turns one off. */
  readonly rateLimits: Readonly<Record<BucketName, RateRule>>;
  /** Live entries the in-memory CreateSession replay cache holds at most. */
  readonly replayCacheSize: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface OptionSpec {
  readonly flag: string;
  readonly env: string;
  readonly defaultValue?: string;
  readonly description: string;
}

/** The one table of options: flag, environment variable, default. README's table mirrors it. */
export const SERVE_OPTIONS = {
  host: {
    flag: '--host',
    env: 'ANCHORAGE_HOST',
    defaultValue: '127.0.0.1',
    description: 'address to listen on',
  },
  port: {
    flag: '--port',
    env: 'ANCHORAGE_PORT',
    defaultValue: '8080',
    description: 'TCP port (0 picks a free one)',
  },
  dataDir: {
    flag: '--data-dir',
    env: 'ANCHORAGE_DATA_DIR',
    defaultValue: './anchorage-data',
    description: 'directory for the SQLite database, the data key and the admin credentials',
  },
  region: {
    flag: '--region',
    env: 'ANCHORAGE_REGION',
    defaultValue: 'us-east-1',
    description: 'AWS region served',
  },
  accountId: {
    flag: '--account-id',
    env: 'ANCHORAGE_ACCOUNT_ID',
    defaultValue: '000000000000',
    description: '12-digit account id in every ARN',
  },
  databaseUrl: {
    flag: '--database-url',
    env: 'ANCHORAGE_DATABASE_URL',
    description: 'a postgres:// URL switches the store from SQLite to PostgreSQL',
  },
  tlsCert: { flag: '--tls-cert', env: 'ANCHORAGE_TLS_CERT', description: 'PEM certificate chain for HTTPS' },
  tlsKey: { flag: '--tls-key', env: 'ANCHORAGE_TLS_KEY', description: 'PEM private key for HTTPS' },
  workers: {
    flag: '--workers',
    env: 'ANCHORAGE_WORKERS',
    description: 'HTTP worker processes, 1 to 64 (default: one per core)',
  },
  logLevel: {
    flag: '--log-level',
    env: 'ANCHORAGE_LOG_LEVEL',
    defaultValue: 'info',
    description: 'debug, info, warn or error',
  },
  auditRetentionDays: {
    flag: '--audit-retention-days',
    env: 'ANCHORAGE_AUDIT_RETENTION_DAYS',
    defaultValue: '365',
    description: 'days audit records are kept, 0 to 36500 (0: forever)',
  },
  notificationWebhookUrl: {
    flag: '--notification-webhook-url',
    env: 'ANCHORAGE_NOTIFICATION_WEBHOOK_URL',
    description: 'http(s) URL that certificate expiry notifications are POSTed to, signed',
  },
  notificationWebhookSecretFile: {
    flag: '--notification-webhook-secret-file',
    env: 'ANCHORAGE_NOTIFICATION_WEBHOOK_SECRET_FILE',
    description: 'file holding the webhook signing secret (default: generated in the data directory)',
  },
  metricsAddress: {
    flag: '--metrics-address',
    env: 'ANCHORAGE_METRICS_ADDRESS',
    description: 'host:port of a separate listener serving only GET /metrics (Prometheus)',
  },
  metricsTokenFile: {
    flag: '--metrics-token-file',
    env: 'ANCHORAGE_METRICS_TOKEN_FILE',
    description: 'file holding a bearer token for /metrics; it also opens /metrics on the main port',
  },
  // Limits (docs/limits.md has the reason for each default).
  maxConcurrentRequests: {
    flag: '--max-concurrent-requests',
    env: 'ANCHORAGE_MAX_CONCURRENT_REQUESTS',
    defaultValue: '256',
    description: 'requests a process works on at once; more get 503 (0: no cap)',
  },
  idleTimeout: {
    flag: '--idle-timeout',
    env: 'ANCHORAGE_IDLE_TIMEOUT',
    defaultValue: '30',
    description: 'seconds a connection may sit with nothing sent or read before it is closed',
  },
  createSessionRatePerSource: {
    flag: '--create-session-rate-per-source',
    env: 'ANCHORAGE_CREATE_SESSION_RATE_PER_SOURCE',
    defaultValue: '20:200',
    description: 'CreateSession requests per second[:burst] per source address (0: off)',
  },
  createSessionRatePerAnchor: {
    flag: '--create-session-rate-per-anchor',
    env: 'ANCHORAGE_CREATE_SESSION_RATE_PER_ANCHOR',
    defaultValue: '10:100',
    description: 'CreateSession requests per second[:burst] per trust anchor (0: off)',
  },
  apiRatePerKey: {
    flag: '--api-rate-per-key',
    env: 'ANCHORAGE_API_RATE_PER_KEY',
    defaultValue: '50:500',
    description: 'signed API calls per second[:burst] per access key id (0: off)',
  },
  apiAuthFailureRatePerSource: {
    flag: '--api-auth-failure-rate-per-source',
    env: 'ANCHORAGE_API_AUTH_FAILURE_RATE_PER_SOURCE',
    defaultValue: '5:100',
    description: 'failed authentications per second[:burst] per source address (0: off)',
  },
  replayCacheSize: {
    flag: '--replay-cache-size',
    env: 'ANCHORAGE_REPLAY_CACHE_SIZE',
    defaultValue: '1000000',
    description: 'CreateSession requests remembered against replay (in memory; PostgreSQL keeps its own)',
  },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof SERVE_OPTIONS;

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** A hundred years: beyond that a retention is a typo. */
const MAX_AUDIT_RETENTION_DAYS = 36_500;

export function parseServeConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  /** The default worker count: one per core (os.availableParallelism at the edge). */
  cores = 1,
): ServerConfig {
  const problems: string[] = [];
  const fromFlags = readFlags(argv, problems);
  const raw = (name: OptionName): string | undefined => {
    const spec: OptionSpec = SERVE_OPTIONS[name];
    return fromFlags.get(spec.flag) ?? nonEmpty(env[spec.env]) ?? spec.defaultValue;
  };

  const host = raw('host') ?? '';
  const portText = raw('port') ?? '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    problems.push(`--port must be an integer from 0 to 65535, got '${portText}'`);
  const region = raw('region') ?? '';
  if (!REGION.test(region))
    problems.push(`--region must look like an AWS region (us-east-1), got '${region}'`);
  const accountId = raw('accountId') ?? '';
  if (!ACCOUNT_ID.test(accountId)) problems.push(`--account-id must be 12 digits, got '${accountId}'`);
  const databaseUrl = raw('databaseUrl');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('--database-url must be a postgres:// URL');
  }
  const tlsCertFile = raw('tlsCert');
  const tlsKeyFile = raw('tlsKey');
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) {
    problems.push('--tls-cert and --tls-key must be given together');
  }
  const logLevel = raw('logLevel') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  if (host === '') problems.push('--host must not be empty');
  const workersText = raw('workers') ?? String(Math.min(64, Math.max(1, cores)));
  const workers = /^\d{1,2}$/.test(workersText) ? Number(workersText) : Number.NaN;
  if (!(workers >= 1 && workers <= 64))
    problems.push(`--workers must be an integer from 1 to 64, got '${workersText}'`);
  const retentionText = raw('auditRetentionDays') ?? '365';
  const auditRetentionDays = /^\d{1,5}$/.test(retentionText) ? Number(retentionText) : Number.NaN;
  if (!(auditRetentionDays >= 0 && auditRetentionDays <= MAX_AUDIT_RETENTION_DAYS)) {
    problems.push(
      `--audit-retention-days must be an integer from 0 to ${MAX_AUDIT_RETENTION_DAYS} (0: keep forever), got '${retentionText}'`,
    );
  }
  const notificationWebhookUrl = raw('notificationWebhookUrl');
  const webhookProblem =
    notificationWebhookUrl === undefined ? null : webhookUrlProblem(notificationWebhookUrl);
  if (webhookProblem !== null) problems.push(`--notification-webhook-url ${webhookProblem}`);
  const notificationWebhookSecretFile = raw('notificationWebhookSecretFile');
  if (notificationWebhookSecretFile !== undefined && notificationWebhookUrl === undefined) {
    problems.push('--notification-webhook-secret-file needs --notification-webhook-url');
  }
  const metricsAddressText = raw('metricsAddress');
  const metricsAddress = metricsAddressText === undefined ? undefined : parseHostPort(metricsAddressText);
  if (typeof metricsAddress === 'string') problems.push(`--metrics-address ${metricsAddress}`);
  const wholeNumber = (name: OptionName, min: number, max: number): number => {
    const text = raw(name) ?? '';
    const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      problems.push(`${SERVE_OPTIONS[name].flag} must be an integer from ${min} to ${max}, got '${text}'`);
    }
    return value;
  };
  const rateRule = (name: OptionName): RateRule => {
    const rule = parseRateRule(raw(name) ?? '');
    if (typeof rule === 'string') problems.push(`${SERVE_OPTIONS[name].flag} ${rule}`);
    return typeof rule === 'string' ? { ratePerSecond: 0, burst: 0 } : rule;
  };
  const maxConcurrentRequests = wholeNumber('maxConcurrentRequests', 0, 1_000_000);
  const idleTimeoutSeconds = wholeNumber('idleTimeout', 1, 3600);
  const replayCacheSize = wholeNumber('replayCacheSize', 1, 100_000_000);
  const rateLimits = {
    createSessionPerSource: rateRule('createSessionRatePerSource'),
    createSessionPerAnchor: rateRule('createSessionRatePerAnchor'),
    apiPerAccessKey: rateRule('apiRatePerKey'),
    apiAuthFailuresPerSource: rateRule('apiAuthFailureRatePerSource'),
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host,
    port,
    dataDir: raw('dataDir') ?? './anchorage-data',
    region,
    partition: partitionOf(region),
    accountId,
    databaseUrl,
    tlsCertFile,
    tlsKeyFile,
    logLevel: logLevel as LogLevel,
    workers,
    auditRetentionDays,
    notificationWebhookUrl,
    notificationWebhookSecretFile,
    metricsAddress: typeof metricsAddress === 'string' ? undefined : metricsAddress,
    metricsTokenFile: raw('metricsTokenFile'),
    maxConcurrentRequests,
    idleTimeoutSeconds,
    rateLimits: Object.freeze(rateLimits),
    replayCacheSize,
  });
}

/** Why a webhook URL is unusable, or null. The URL is not echoed: webhook URLs often embed a token. */
function webhookUrlProblem(text: string): string | null {
  const url = URL.parse(text);
  if (url === null) return 'is not a valid URL';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http:// or https:// URL, got a ${url.protocol} URL`;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  return null;
}

/** Accepts `--flag value` and `--flag=value`; rejects unknown flags and positional arguments. */
function readFlags(argv: readonly string[], problems: string[]): Map<string, string> {
  const known = new Set<string>(Object.values(SERVE_OPTIONS).map((o) => o.flag));
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!known.has(flag)) {
      problems.push(arg.startsWith('--') ? `unknown flag ${flag}` : `unexpected argument '${arg}'`);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') problems.push(`${flag} needs a value`);
    else if (values.has(flag)) problems.push(`${flag} given more than once`);
    else values.set(flag, value);
  }
  return values;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The ARN partition of a region, as AWS assigns them. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}
