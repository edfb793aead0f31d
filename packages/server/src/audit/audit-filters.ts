/**
 * The audit queries' parameters, read and validated once for the API and the console: filters
 * (action exact, or every action of a service as `iam:*`; outcome and channel exact; principal
 * substring without regard to case; resource an exact ARN among the record's resources;
 * since/until ISO-8601 bounds, both inclusive), `maxResults` and `nextToken`. Anything invalid
 * is a ValidationException.
 */
import type { AuditChannel, AuditEventRecord, AuditOutcome } from '@anchorage/core/audit/records';
import { validationError } from '@anchorage/core/errors';

export interface AuditFilters {
  /** Exact, or `<service>:*` for every action of the service. */
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  /** A record written before channels were recorded is `api`. */
  readonly channel?: AuditChannel;
  /** Matched as a substring of the record's principal, ignoring case. */
  readonly principal?: string;
  /** An exact ARN that must be among the record's resources. */
  readonly resource?: string;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, inclusive. */
  readonly until?: number;
}

export interface AuditQuery {
  readonly filters: AuditFilters;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export const DEFAULT_MAX_RESULTS = 50;
export const MAX_RESULTS = 1000;
/** Longest filter value accepted (ARNs are at most 2,048 characters). */
const MAX_FILTER_LENGTH = 2048;
const OUTCOMES: readonly string[] = ['allowed', 'denied', 'error'] satisfies readonly AuditOutcome[];
export const CHANNELS: readonly string[] = ['api', 'console', 'authorize'] satisfies readonly AuditChannel[];

/** Reads `action`, `outcome`, `channel`, `principal`, `resource`, `since`, `until`, `maxResults`, `nextToken`; empty means absent. */
export function readAuditQuery(params: ReadonlyMap<string, readonly string[]>): AuditQuery {
  const get = (name: string): string | undefined => {
    const value = params.get(name)?.[0];
    if (value === undefined || value === '') return undefined;
    if (value.length > MAX_FILTER_LENGTH) throw validationError(`${name} is too long`);
    return value;
  };
  const outcome = get('outcome');
  if (outcome !== undefined && !OUTCOMES.includes(outcome)) {
    throw validationError(`outcome must be one of ${OUTCOMES.join(', ')}`);
  }
  const channel = get('channel');
  if (channel !== undefined && !CHANNELS.includes(channel)) {
    throw validationError(`channel must be one of ${CHANNELS.join(', ')}`);
  }
  const since = readTime('since', get('since'));
  const until = readTime('until', get('until'));
  if (since !== undefined && until !== undefined && since > until) {
    throw validationError('since must not be later than until');
  }
  const filters: AuditFilters = {
    ...optional('action', get('action')),
    ...optional('outcome', outcome as AuditOutcome | undefined),
    ...optional('channel', channel as AuditChannel | undefined),
    ...optional('principal', get('principal')),
    ...optional('resource', get('resource')),
    ...optional('since', since),
    ...optional('until', until),
  };
  const maxResults = readMaxResults(get('maxResults'));
  const nextToken = get('nextToken');
  return {
    filters,
    ...(maxResults === undefined ? {} : { maxResults }),
    ...(nextToken === undefined ? {} : { nextToken }),
  };
}

export function matchesAuditFilters(event: AuditEventRecord, filters: AuditFilters): boolean {
  if (filters.action !== undefined && !actionMatches(event.action, filters.action)) return false;
  if (filters.outcome !== undefined && event.outcome !== filters.outcome) return false;
  if (filters.channel !== undefined && (event.channel ?? 'api') !== filters.channel) return false;
  if (
    filters.principal !== undefined &&
    !(event.principal ?? '').toLowerCase().includes(filters.principal.toLowerCase())
  ) {
    return false;
  }
  if (filters.resource !== undefined && !event.resources.includes(filters.resource)) return false;
  const time = Date.parse(event.time);
  if (filters.since !== undefined && !(time >= filters.since)) return false;
  if (filters.until !== undefined && !(time <= filters.until)) return false;
  return true;
}

/** `iam:*` matches every `iam:` action; anything else matches itself only (a `*` elsewhere is literal). */
function actionMatches(action: string, filter: string): boolean {
  if (filter.endsWith(':*')) return action.startsWith(filter.slice(0, -1));
  return action === filter;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readMaxResults(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_RESULTS)) {
    throw validationError(`maxResults must be an integer from 1 to ${MAX_RESULTS}`);
  }
  return value;
}

/** A date (`2031-03-04`, UTC midnight) or a date-time with `Z` or an offset; seconds and fraction optional. */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch ms of an ISO-8601 time; a ValidationException for anything else (also 2031-02-30 or 24:00). */
export function readTime(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = ISO_8601.exec(text);
  const invalid = () =>
    validationError(`${name} must be an ISO-8601 time such as 2031-03-04T12:00:00Z or 2031-03-04`);
  if (m === null) throw invalid();
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const zone = m[8] ?? 'Z';
  if (year === undefined || month === undefined || day === undefined) throw invalid();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw invalid();
  }
  const offset = zone === 'Z' ? 0 : offsetMinutes(zone);
  if (offset === undefined) throw invalid();
  return Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction)) - offset * 60_000;
}

function offsetMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 23 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}
