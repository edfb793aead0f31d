/**
 * Makes authorisation decisions visible to whoever records the call they were made for (the
 * audit trail), without threading a parameter through every caller of the authoriser: the
 * request edge runs its pipeline under `observeDecisions`, and each decision made in that
 * asynchronous context — by the authoriser, or by a handler deciding with its own rule — is
 * passed to the observer. An inner `observeDecisions` (a console action, the question put to
 * `/authorize`) takes the decisions made inside it from the outer one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ObservedDecision {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly allowed: boolean;
  readonly reason: string;
}

export type DecisionObserver = (decision: ObservedDecision) => void;

const observers = new AsyncLocalStorage<DecisionObserver>();

/** Runs `fn` with `observer` receiving every decision reported inside it. */
export function observeDecisions<T>(observer: DecisionObserver, fn: () => T): T {
  return observers.run(observer, fn);
}

/** Hands a decision to the observer of the current context, if any. */
export function reportDecision(decision: ObservedDecision): void {
  observers.getStore()?.(decision);
}
