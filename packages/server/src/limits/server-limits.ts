/**
 * The limits of one server process, made from the configuration (docs/limits.md lists each with
 * its default and why):
 *
 * - the concurrency cap and the per-source buckets: per process, checked before a body is read,
 *   without any round trip (cheap shields; with `--workers N` a source may get up to N times its
 *   rate, as each worker counts on its own);
 * - the per-anchor and per-access-key buckets and the replay cache: in the admission engine — of
 *   this process, or of the cluster primary for all workers — and the replay cache in the
 *   database when the store is PostgreSQL, which several servers may share.
 */
import type { Store } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import type { ServerConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { type Admission, localAdmission, storeReplayAdmission } from './admission.ts';
import { createAdmissionEngine } from './admission-engine.ts';
import { clusterAdmission, type PrimaryChannel } from './cluster-admission.ts';
import { type ConcurrencyGate, createConcurrencyGate } from './concurrency-gate.ts';
import { throttled } from './limit-refusal.ts';
import { type ApiRateLimits, rateLimitedAuthenticator } from './rate-limited-authenticator.ts';
import { isOff } from './rate-rule.ts';
import { type AdmitSession, sessionAdmission } from './session-admission.ts';
import { sourceKey } from './source-key.ts';
import { createTokenBuckets } from './token-buckets.ts';

export interface ServerLimits {
  readonly concurrency: ConcurrencyGate;
  /** CreateSession, before its body is read: the source address's bucket. */
  takeSessionSource(remoteAddress: string | undefined, now: number): void;
  /** CreateSession, once the chain validated: the anchor's bucket and the replay cache. */
  readonly admitSession: AdmitSession;
  readonly api: ApiRateLimits;
  close(): void;
}

export interface LimitsContext {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly now: () => number;
  /** The IPC channel to the cluster primary, in a worker of `--workers N`. */
  readonly primary?: PrimaryChannel | undefined;
}

export function createServerLimits(context: LimitsContext): ServerLimits {
  const { config, now } = context;
  const rules = config.rateLimits;
  const buckets: Admission =
    context.primary !== undefined
      ? clusterAdmission(context.primary)
      : localAdmission(createAdmissionEngine(rules, config.replayCacheSize), now);
  // A shared database makes the replay cache exact across servers.
  const admission =
    config.databaseUrl === undefined
      ? buckets
      : storeReplayAdmission(buckets, context.store.replayClaims, now, context.logger);
  const perSource = isOff(rules.createSessionPerSource)
    ? undefined
    : createTokenBuckets(rules.createSessionPerSource);
  const failures = isOff(rules.apiAuthFailuresPerSource)
    ? undefined
    : createTokenBuckets(rules.apiAuthFailuresPerSource);
  return {
    concurrency: createConcurrencyGate(config.maxConcurrentRequests),
    takeSessionSource(remoteAddress, at) {
      if (perSource === undefined) return;
      const key = sourceKey(remoteAddress);
      if (!perSource.take(key, at)) throw throttled('createSessionPerSource', perSource.waitMs(key, at), key);
    },
    admitSession: sessionAdmission(admission),
    api: rateLimitedAuthenticator(context.authenticator, admission, failures),
    close: () => admission.close(),
  };
}
