/**
 * A worker's side of the metrics exchange (cluster-messages.ts): answers the primary's `collect`
 * with its snapshot, and for a main-port scrape asks the primary for everyone's merged values.
 */
import { AnchorageError } from '@anchorage/core/errors';
import { isMetricsMessage, METRICS_MESSAGE, type MetricsMessage } from './cluster-messages.ts';
import type { Registry } from './registry.ts';

/** Longer than the primary's own wait for the workers, so that its answer comes first. */
const GATHER_TIMEOUT_MS = 5_000;

export interface WorkerMetricsChannel {
  /** Everyone's merged exposition text, from the primary. */
  gather(): Promise<string>;
  close(): void;
}

export function connectWorkerMetrics(registry: Registry): WorkerMetricsChannel {
  const waiting = new Map<number, (answer: { text?: string; error?: string }) => void>();
  let nextId = 0;
  const send = (message: MetricsMessage): boolean => {
    try {
      return process.send?.(message) ?? false;
    } catch {
      return false; // the channel closed: the primary is gone or we are shutting down
    }
  };
  const onMessage = (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.op === 'collect') {
      send({ kind: METRICS_MESSAGE, op: 'snapshot', id: message.id, families: registry.snapshot() });
    } else if (message.op === 'gathered') {
      waiting.get(message.id)?.({
        ...(message.text === undefined ? {} : { text: message.text }),
        ...(message.error === undefined ? {} : { error: message.error }),
      });
    }
  };
  process.on('message', onMessage);
  return {
    async gather() {
      nextId += 1;
      const id = nextId;
      let timer: NodeJS.Timeout | undefined;
      const answer = await new Promise<{ text?: string; error?: string }>((resolve) => {
        timer = setTimeout(() => resolve({ error: 'the primary did not answer' }), GATHER_TIMEOUT_MS);
        waiting.set(id, resolve);
        if (!send({ kind: METRICS_MESSAGE, op: 'gather', id }))
          resolve({ error: 'no channel to the primary' });
      });
      clearTimeout(timer);
      waiting.delete(id);
      if (answer.text === undefined) {
        throw new AnchorageError('ServiceUnavailableException', 'Metrics are unavailable', {
          reason: `metrics: ${answer.error ?? 'no answer'}`,
        });
      }
      return answer.text;
    },
    close() {
      process.off('message', onMessage);
    },
  };
}
