/**
 * Several processes' snapshots as one: with `--workers N` each worker counts what it served and
 * the primary adds them up at scrape time. Counters, histograms (bucket by bucket) and `sum`
 * gauges (queue depths, in-flight requests, cache sizes) are added per label set; `per-process`
 * gauges (memory, event-loop delay, uptime) are kept apart under a `worker` label, since a sum of
 * heap sizes or delays would mean nothing. One process is merged the same way (`worker="0"`), so
 * a dashboard reads the same series whatever the worker count.
 */
import {
  compareLabels,
  type FamilySnapshot,
  type HistogramSeries,
  type ScalarSeries,
  WORKER_LABEL,
} from './registry.ts';

export interface ProcessSnapshot {
  /** The worker's slot (`0` … `N-1`): a replacement takes its predecessor's. */
  readonly worker: string;
  readonly families: readonly FamilySnapshot[];
}

export function mergeSnapshots(processes: readonly ProcessSnapshot[]): FamilySnapshot[] {
  const merged = new Map<string, FamilySnapshot>();
  for (const { worker, families } of processes) {
    for (const family of families) {
      const own = family.aggregation === 'per-process' ? withWorker(family, worker) : family;
      const seen = merged.get(family.name);
      if (seen === undefined) merged.set(family.name, own);
      else if (compatible(seen, own)) merged.set(family.name, add(seen, own));
      // An incompatible family (another shape under the same name) cannot happen between workers
      // of one build; were it to, the first process's family stands alone rather than garbled.
    }
  }
  return [...merged.values()];
}

function withWorker(family: FamilySnapshot, worker: string): FamilySnapshot {
  const labelNames = [WORKER_LABEL, ...family.labelNames];
  if (family.type === 'histogram') {
    const series = family.series.map((s) => ({ ...s, labelValues: [worker, ...s.labelValues] }));
    return { ...family, labelNames, series };
  }
  const series = family.series.map((s) => ({ ...s, labelValues: [worker, ...s.labelValues] }));
  return { ...family, labelNames, series };
}

function compatible(a: FamilySnapshot, b: FamilySnapshot): boolean {
  if (a.type !== b.type || a.aggregation !== b.aggregation) return false;
  if (a.labelNames.join(',') !== b.labelNames.join(',')) return false;
  if (a.type === 'histogram' && b.type === 'histogram') return a.buckets.join(',') === b.buckets.join(',');
  return true;
}

function add(a: FamilySnapshot, b: FamilySnapshot): FamilySnapshot {
  if (a.type === 'histogram' && b.type === 'histogram') {
    const series = new Map<string, HistogramSeries>();
    for (const s of [...a.series, ...b.series]) {
      const key = s.labelValues.join('\u0000');
      const seen = series.get(key);
      series.set(
        key,
        seen === undefined
          ? s
          : {
              labelValues: s.labelValues,
              counts: s.counts.map((count, i) => count + (seen.counts[i] ?? 0)),
              sum: seen.sum + s.sum,
            },
      );
    }
    return { ...a, series: [...series.values()].sort((x, y) => compareLabels(x.labelValues, y.labelValues)) };
  }
  if (a.type === 'histogram' || b.type === 'histogram') return a;
  const series = new Map<string, ScalarSeries>();
  for (const s of [...a.series, ...b.series]) {
    const key = s.labelValues.join('\u0000');
    const seen = series.get(key);
    series.set(key, seen === undefined ? s : { labelValues: s.labelValues, value: seen.value + s.value });
  }
  return { ...a, series: [...series.values()].sort((x, y) => compareLabels(x.labelValues, y.labelValues)) };
}
