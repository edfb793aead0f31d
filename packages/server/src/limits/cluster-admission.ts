/**
 * Admission across `--workers N`: the primary holds the one engine (token buckets and replay
 * cache) and answers each worker's question over the cluster IPC channel. Node delivers the
 * primary's messages one at a time on its event loop, so every decision is atomic for the whole
 * server. A worker that gets no answer in time refuses the request (503): fail closed.
 *
 * The questions a worker asks in one turn of its event loop go as one message, answered by one:
 * under load that is one IPC round trip for many requests (each message costs a serialisation
 * and a write on both sides), which is what lets a worker per core scale.
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
  readonly id: number;
  readonly request: AdmissionRequest;
}

interface Questions {
  readonly type: typeof MESSAGE;
  readonly questions: readonly Question[];
}

interface Answers {
  readonly type: typeof MESSAGE;
  readonly answers: ReadonlyArray<{ readonly id: number; readonly outcome: AdmissionOutcome }>;
}

/** In the primary of `--workers N`: the one engine for every worker, as configured. */
export function startPrimaryAdmission(cluster: Cluster, config: ServerConfig): () => void {
  return serveAdmission(cluster, createAdmissionEngine(config.rateLimits, config.replayCacheSize), Date.now);
}

/** In the primary: answers every worker's questions with `engine`. */
export function serveAdmission(cluster: Cluster, engine: AdmissionEngine, now: () => number): () => void {
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isQuestions(message)) return;
    const at = now();
    const answers = message.questions
      .filter(isQuestion)
      .map((q) => ({ id: q.id, outcome: engine.decide(q.request, at) }));
    const answer: Answers = { type: MESSAGE, answers };
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
  let queued: Question[] = [];
  const onMessage = (message: unknown) => {
    if (!isAnswers(message)) return;
    for (const { id, outcome } of message.answers) waiting.get(id)?.(outcome);
  };
  channel.on('message', onMessage);
  const sendQueued = () => {
    const questions = queued;
    queued = [];
    const message: Questions = { type: MESSAGE, questions };
    // `send` returns false also when it only queued the message: the timers cover a lost one.
    try {
      channel.send(message);
    } catch (error) {
      for (const { id } of questions)
        waiting.get(id)?.(error instanceof Error ? error : new Error(String(error)));
    }
  };
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
        if (queued.length === 0) setImmediate(sendQueued);
        queued.push({ id, request });
      });
    },
    close() {
      channel.off('message', onMessage);
      for (const settle of waiting.values()) settle(new Error('admission closed'));
    },
  };
}

function isQuestions(message: unknown): message is Questions {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<Questions>;
  return m.type === MESSAGE && Array.isArray(m.questions);
}

function isQuestion(question: unknown): question is Question {
  if (typeof question !== 'object' || question === null) return false;
  const q = question as Partial<Question>;
  return (
    Number.isSafeInteger(q.id) &&
    typeof q.request === 'object' &&
    q.request !== null &&
    Array.isArray(q.request.takes)
  );
}

function isAnswers(message: unknown): message is Answers {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<Answers>;
  return (
    m.type === MESSAGE &&
    Array.isArray(m.answers) &&
    m.answers.every((a) => Number.isSafeInteger(a?.id) && typeof a?.outcome === 'object')
  );
}
