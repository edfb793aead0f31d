/**
 * Subject tracking for CreateSession (protocol notes §3.9): one subject per certificate subject
 * DN, with its last-seen time, the latest certificates used (serial, issuer, PEM, whether that
 * attempt failed) and the instance properties sent.
 *
 * A new subject is written at once (its id is in the response); later sightings are collected in
 * memory and written together at most `FLUSH_INTERVAL_MS` later (and on shutdown), so that a burst
 * of CreateSession calls costs one write per subject rather than one per call. What a kill -9 can
 * lose is that last interval's last-seen times and attempt records; never a credential.
 */

import { resourceArn, type ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type {
  CredentialSummary,
  InstanceProperty,
  SubjectRecord,
} from '@anchorage/core/rolesanywhere/records';
import { DuplicateKeyError, type Store } from '@anchorage/store/port';

export const FLUSH_INTERVAL_MS = 250;
/** How many certificates and instance-property records a subject keeps, newest first. */
const KEEP = 10;
/** Pending subjects above this are written at once rather than waiting for the timer. */
const MAX_PENDING = 5000;

export interface SubjectSighting {
  readonly x509Subject: string;
  readonly certificate: Omit<CredentialSummary, 'seenAt' | 'failed' | 'enabled'>;
  readonly instanceProperties?: Readonly<Record<string, string>>;
  readonly failed: boolean;
  readonly at: number;
}

export interface SubjectRecorder {
  /** Records a sighting; resolves to the subject's ARN once the subject exists durably. */
  record(sighting: SubjectSighting): Promise<string>;
  /** Writes everything pending. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Sightings waiting for their batched write (the queue's depth, for metrics). */
  pendingSightings(): number;
}

export function createSubjectRecorder(
  store: Store,
  location: ServiceLocation,
  newId: () => string,
): SubjectRecorder {
  const known = new Map<string, { id: string; arn: string }>();
  const pending = new Map<string, { id: string; sightings: SubjectSighting[] }>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  /** The subject of the sighting's DN; `created` when this call made it (with the sighting in it). */
  const subjectOf = async (
    sighting: SubjectSighting,
  ): Promise<{ id: string; arn: string; created: boolean }> => {
    const cached = known.get(sighting.x509Subject);
    if (cached !== undefined) return { ...cached, created: false };
    const existing = await store.subjects.findByX509Subject(sighting.x509Subject);
    if (existing !== undefined) {
      const entry = { id: existing.id, arn: existing.arn };
      known.set(sighting.x509Subject, entry);
      return { ...entry, created: false };
    }
    const id = newId();
    const arn = resourceArn(location, 'subject', id);
    const at = new Date(sighting.at).toISOString();
    try {
      await store.subjects.insert(
        merge(
          {
            id,
            arn,
            x509Subject: sighting.x509Subject,
            enabled: true,
            lastSeenAt: at,
            credentials: [],
            instanceProperties: [],
            createdAt: at,
            updatedAt: at,
          },
          [sighting],
        ),
      );
      known.set(sighting.x509Subject, { id, arn });
      return { id, arn, created: true };
    } catch (error) {
      // Another request (or server) created it first: use theirs.
      if (!(error instanceof DuplicateKeyError)) throw error;
      known.delete(sighting.x509Subject);
      return subjectOf(sighting);
    }
  };

  const flush = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const batch = [...pending.values()];
    pending.clear();
    const run = flushing.then(async () => {
      for (const { id, sightings } of batch)
        await store.subjects.update(id, (current) => merge(current, sightings));
    });
    flushing = run.catch(() => undefined);
    await run;
  };

  return {
    async record(sighting) {
      const subject = await subjectOf(sighting);
      if (subject.created) return subject.arn;
      const entry = pending.get(sighting.x509Subject) ?? { id: subject.id, sightings: [] };
      entry.sightings.push(sighting);
      pending.set(sighting.x509Subject, entry);
      if (pending.size >= MAX_PENDING) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_INTERVAL_MS);
      return subject.arn;
    },
    flush,
    async close() {
      await flush();
    },
    pendingSightings: () => {
      let count = 0;
      for (const entry of pending.values()) count += entry.sightings.length;
      return count;
    },
  };
}

function merge(current: SubjectRecord, sightings: readonly SubjectSighting[]): SubjectRecord {
  let credentials = [...current.credentials];
  let instanceProperties = [...current.instanceProperties];
  let lastSeen = current.lastSeenAt;
  for (const s of sightings) {
    const seenAt = new Date(s.at).toISOString();
    if (seenAt > lastSeen) lastSeen = seenAt;
    const credential: CredentialSummary = { ...s.certificate, seenAt, failed: s.failed, enabled: true };
    credentials = [
      credential,
      ...credentials.filter(
        (c) => !(c.serialNumber === credential.serialNumber && c.issuer === credential.issuer),
      ),
    ];
    if (s.instanceProperties !== undefined) {
      const record: InstanceProperty = { seenAt, properties: s.instanceProperties, failed: s.failed };
      instanceProperties = [record, ...instanceProperties];
    }
  }
  const newestFirst = <T extends { seenAt: string }>(list: T[]) =>
    list.sort((a, b) => b.seenAt.localeCompare(a.seenAt)).slice(0, KEEP);
  return {
    ...current,
    lastSeenAt: lastSeen,
    credentials: newestFirst(credentials),
    instanceProperties: newestFirst(instanceProperties),
    updatedAt: [lastSeen, current.updatedAt].sort().at(-1) ?? current.updatedAt,
  };
}
