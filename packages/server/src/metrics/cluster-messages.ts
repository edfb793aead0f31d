/**
 * The messages of the metrics exchange over the cluster IPC channel (node:cluster). The primary
 * asks every worker for a snapshot at scrape time; a worker scraped on the main port asks the
 * primary for the merged text, since one worker alone knows only what it served itself.
 */
import type { FamilySnapshot } from './registry.ts';

export const METRICS_MESSAGE = 'anchorage-metrics';

export type MetricsMessage =
  /** primary → worker: send your snapshot. */
  | { readonly kind: typeof METRICS_MESSAGE; readonly op: 'collect'; readonly id: number }
  /** worker → primary: the answer to `collect`. */
  | {
      readonly kind: typeof METRICS_MESSAGE;
      readonly op: 'snapshot';
      readonly id: number;
      readonly families: readonly FamilySnapshot[];
    }
  /** worker → primary: gather everyone's values for a main-port scrape. */
  | { readonly kind: typeof METRICS_MESSAGE; readonly op: 'gather'; readonly id: number }
  /** primary → worker: the answer to `gather`, the exposition text (or why there is none). */
  | {
      readonly kind: typeof METRICS_MESSAGE;
      readonly op: 'gathered';
      readonly id: number;
      readonly text?: string;
      readonly error?: string;
    };

export function isMetricsMessage(value: unknown): value is MetricsMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (m.kind !== METRICS_MESSAGE || typeof m.id !== 'number') return false;
  switch (m.op) {
    case 'collect':
    case 'gather':
      return true;
    case 'snapshot':
      return Array.isArray(m.families);
    case 'gathered':
      return m.text === undefined || typeof m.text === 'string';
    default:
      return false;
  }
}
