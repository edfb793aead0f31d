/**
 * The primary's side of `--workers N` metrics. It serves the `--metrics-address` listener and
 * answers workers' main-port scrapes; at each scrape it asks every worker for its snapshot over
 * the cluster channel and merges them (merge-snapshots.ts).
 *
 * A scrape never hangs on a worker: each has `WORKER_ANSWER_MS` to answer. One that does not
 * (busy, stopped, dying) is represented by its last answer, so the sums of counters do not dip —
 * a dip would read as a counter reset and inflate `rate()`. When a worker exits, its last counters
 * and histograms are kept and added to every later scrape, for the same reason; what it counted
 * after its last scrape is lost with it. Workers are labelled by slot (`0` … `N-1`), which a
 * replacement inherits, so per-process series stay bounded across restarts.
 */
import cluster, { type Worker } from 'node:cluster';
import type { ServerConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { isMetricsMessage, METRICS_MESSAGE, type MetricsMessage } from './cluster-messages.ts';
import { renderExposition } from './exposition.ts';
import { mergeSnapshots } from './merge-snapshots.ts';
import { startMetricsListener } from './metrics-listener.ts';
import { loadMetricsToken } from './metrics-token.ts';
import { createRegistry, type FamilySnapshot } from './registry.ts';

/** How long a scrape waits for each worker's snapshot. */
export const WORKER_ANSWER_MS = 2_000;

const STATES = ['answered', 'stale', 'missing'] as const;
type State = (typeof STATES)[number];

/** Call before the first fork: the slots are handed out as workers are forked. */
export async function startClusterMetrics(config: ServerConfig, logger: Logger): Promise<void> {
  if (config.metricsAddress === undefined && config.metricsTokenFile === undefined) return;
  const token = config.metricsTokenFile === undefined ? undefined : loadMetricsToken(config.metricsTokenFile);

  const slots = new Map<number, string>();
  const last = new Map<number, readonly FamilySnapshot[]>();
  let retired: FamilySnapshot[] = [];
  const waiting = new Map<number, (families: readonly FamilySnapshot[]) => void>();
  let nextId = 0;
  let lastStates: Record<State, number> = { answered: 0, stale: 0, missing: 0 };

  const own = createRegistry();
  own.collected({
    name: 'anchorage_cluster_workers',
    help: 'Workers at the last scrape, by whether they answered, were shown by their last answer (stale) or not at all.',
    type: 'gauge',
    labels: { state: STATES },
    collect: () => STATES.map((state) => ({ labels: { state }, value: lastStates[state] })),
  });
  const timeouts = own.counter({
    name: 'anchorage_cluster_scrape_timeouts_total',
    help: `Workers that did not answer a scrape within ${WORKER_ANSWER_MS} ms.`,
  });
  const exits = own.counter({
    name: 'anchorage_cluster_worker_exits_total',
    help: 'Workers that exited (and were replaced, unless shutting down).',
  });

  cluster.on('fork', (worker) => {
    const taken = new Set(slots.values());
    let slot = 0;
    while (taken.has(String(slot))) slot++;
    slots.set(worker.id, String(slot));
  });
  cluster.on('exit', (worker) => {
    exits.inc({});
    const final = last.get(worker.id);
    // Counters and histograms only: a dead worker's queue depths and memory are no longer there.
    if (final !== undefined) {
      const kept = final.filter((f) => f.aggregation === 'sum' && f.type !== 'gauge');
      retired = mergeSnapshots([
        { worker: '', families: retired },
        { worker: '', families: kept },
      ]);
    }
    last.delete(worker.id);
    slots.delete(worker.id);
  });

  const ask = (worker: Worker): Promise<readonly FamilySnapshot[] | undefined> => {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(undefined);
      }, WORKER_ANSWER_MS);
      waiting.set(id, (families) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(families);
      });
      try {
        worker.send({ kind: METRICS_MESSAGE, op: 'collect', id } satisfies MetricsMessage);
      } catch {
        // Its channel is closed (it is exiting): the timer answers for it.
      }
    });
  };

  const gather = async (): Promise<string> => {
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const answers = await Promise.all(live.map(ask));
    const states: Record<State, number> = { answered: 0, stale: 0, missing: 0 };
    const processes = live.flatMap((worker, i) => {
      const slot = slots.get(worker.id);
      // Exited while we waited: its last answer is in `retired` now.
      if (slot === undefined) return [];
      const answer = answers[i];
      if (answer !== undefined) {
        states.answered += 1;
        last.set(worker.id, answer);
        return [{ worker: slot, families: answer }];
      }
      timeouts.inc({});
      const stale = last.get(worker.id);
      states[stale === undefined ? 'missing' : 'stale'] += 1;
      return stale === undefined ? [] : [{ worker: slot, families: stale }];
    });
    lastStates = states;
    if (states.answered < live.length) {
      logger.warn('metrics: workers did not answer the scrape in time', {
        stale: states.stale,
        missing: states.missing,
      });
    }
    return renderExposition(
      mergeSnapshots([
        ...processes,
        { worker: '', families: retired },
        { worker: '', families: own.snapshot() },
      ]),
    );
  };

  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.op === 'snapshot') {
      waiting.get(message.id)?.(message.families);
    } else if (message.op === 'gather') {
      const reply = (answer: { text: string } | { error: string }) => {
        try {
          worker.send({
            kind: METRICS_MESSAGE,
            op: 'gathered',
            id: message.id,
            ...answer,
          } satisfies MetricsMessage);
        } catch {
          // The asking worker is gone.
        }
      };
      gather().then(
        (text) => reply({ text }),
        (error: unknown) => reply({ error: String(error) }),
      );
    }
  });

  if (config.metricsAddress !== undefined) {
    await startMetricsListener({ address: config.metricsAddress, token, gather, logger });
  }
}
