/**
 * Admission across `--workers N`: the primary holds the one engine (token buckets and replay
 * cache) and answers each worker's question over the cluster IPC channel. Node delivers the
 * primary's messages one at a time on its event loop, so every decision is atomic for the whole
 * server. A worker that gets no answer in time refuses the request (503): fail closed.
 */
import type { Cluster, Worker } from 'node:cluster';
import type { ServerConfig } from '../config/config.ts';
import { type Admission, SWEEP_INTERVAL_MS } from './admission.ts';
import {
  type AdmissionEngine,
  type AdmissionOutcome,
  type AdmissionRequest,
  createAdmissionEngine,
} from './admission-engine.ts';

const MESSAGE = 'anchorage:admission';
/** How long a worker waits for the primary before refusing. */
const ANSWER_TIMEOUT_MS = 5_000;

interface Question {
  readonly type: typeof MESSAGE;
  readonly id: number;
  readonly request: AdmissionRequest;
}

interface Answer {
  readonly type: typeof MESSAGE;
  readonly id: number;
  readonly outcome: AdmissionOutcome;
}

/** In the primary of `--workers N`: the one engine for every worker, as configured. */
export function startPrimaryAdmission(cluster: Cluster, config: ServerConfig): () => void {
  return serveAdmission(cluster, createAdmissionEngine(config.rateLimits, config.replayCacheSize), Date.now);
}

/** In the primary: answers every worker's questions with `engine`. */
export function serveAdmission(cluster: Cluster, engine: AdmissionEngine, now: () => number): () => void {
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isQuestion(message)) return;
    const answer: Answer = { type: MESSAGE, id: message.id, outcome: engine.decide(message.request, now()) };
    if (worker.isConnected()) worker.send(answer);
  };
  cluster.on('message', onMessage);
  const timer = setInterval(() => engine.sweep(now()), SWEEP_INTERVAL_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    cluster.off('message', onMessage);
  };
}

/** The IPC channel of a worker process to its primary. */
export interface PrimaryChannel {
  send(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** In a worker: asks the primary. */
export function clusterAdmission(channel: PrimaryChannel): Admission {
  let nextId = 1;
  const waiting = new Map<number, (outcome: AdmissionOutcome | Error) => void>();
  const onMessage = (message: unknown) => {
    if (!isAnswer(message)) return;
    waiting.get(message.id)?.(message.outcome);
  };
  channel.on('message', onMessage);
  return {
    admit(request) {
      const id = nextId++;
      return new Promise<AdmissionOutcome>((resolve, reject) => {
        const timer = setTimeout(
          () => settle(new Error(`no admission answer from the primary in ${ANSWER_TIMEOUT_MS} ms`)),
          ANSWER_TIMEOUT_MS,
        );
        const settle = (outcome: AdmissionOutcome | Error) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        waiting.set(id, settle);
        const question: Question = { type: MESSAGE, id, request };
        // `send` returns false also when it only queued the message: the timer covers a lost one.
        try {
          channel.send(question);
        } catch (error) {
          settle(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    close() {
      channel.off('message', onMessage);
      for (const settle of waiting.values()) settle(new Error('admission closed'));
    },
  };
}

function isQuestion(message: unknown): message is Question {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<Question>;
  return (
    m.type === MESSAGE &&
    Number.isSafeInteger(m.id) &&
    typeof m.request === 'object' &&
    m.request !== null &&
    Array.isArray(m.request.takes)
  );
}

function isAnswer(message: unknown): message is Answer {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<Answer>;
  return m.type === MESSAGE && Number.isSafeInteger(m.id) && typeof m.outcome === 'object';
}
