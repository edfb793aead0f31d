/**
 * A small metrics registry: counters, gauges and fixed-bucket histograms, set directly or read
 * at scrape time from a callback, exposed as a plain snapshot that the text exposition renders
 * and that worker processes send to the primary over IPC.
 *
 * Ours rather than `prom-client`: we need four metric kinds, the 0.0.4 text format and a merge of
 * several processes' values — a few hundred lines — while prom-client brings a global default
 * registry, much more code to audit, and a cluster aggregator that fails the whole scrape when
 * one worker does not answer in time; ours answers with the others' values and the silent
 * worker's last known ones (see cluster-metrics.ts).
 *
 * Every label is declared with the closed set of values it may take; any other value is recorded
 * as `other`. Label values therefore never come from caller-chosen text and the number of series
 * is bounded by the product of the sets, whatever clients send.
 */

export const OTHER = 'other';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** How the values of several processes combine: added up, or kept apart under a `worker` label. */
export type Aggregation = 'sum' | 'per-process';

interface FamilyBase {
  readonly name: string;
  readonly help: string;
  readonly aggregation: Aggregation;
  readonly labelNames: readonly string[];
}

export interface ScalarSeries {
  readonly labelValues: readonly string[];
  readonly value: number;
}

export interface HistogramSeries {
  readonly labelValues: readonly string[];
  /** Observations per bucket, not cumulative: one per bound, then the `+Inf` bucket. */
  readonly counts: readonly number[];
  readonly sum: number;
}

export interface ScalarFamily extends FamilyBase {
  readonly type: 'counter' | 'gauge';
  readonly series: readonly ScalarSeries[];
}

export interface HistogramFamily extends FamilyBase {
  readonly type: 'histogram';
  /** Upper bounds (`le`), ascending and finite; the `+Inf` bucket is implied. */
  readonly buckets: readonly number[];
  readonly series: readonly HistogramSeries[];
}

export type FamilySnapshot = ScalarFamily | HistogramFamily;

export type Labels<L extends string> = Readonly<Record<L, string>>;

export interface MetricSpec<L extends string> {
  readonly name: string;
  readonly help: string;
  /** Each label's allowed values; anything else is recorded as `other`. */
  readonly labels?: Readonly<Record<L, readonly string[]>>;
  /** Default `sum`. */
  readonly aggregation?: Aggregation;
}

export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  readonly buckets: readonly number[];
}

export interface CollectedSpec<L extends string> extends MetricSpec<L> {
  readonly type: 'counter' | 'gauge';
  /** Read at every scrape. A collected counter must only ever grow (within one process). */
  readonly collect: () => Iterable<{ readonly labels: Labels<L>; readonly value: number }>;
}

export interface Counter<L extends string> {
  inc(labels: Labels<L>, by?: number): void;
}

export interface Gauge<L extends string> {
  set(labels: Labels<L>, value: number): void;
  add(labels: Labels<L>, by: number): void;
}

export interface Histogram<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}

export interface Registry {
  counter<L extends string = never>(spec: MetricSpec<L>): Counter<L>;
  gauge<L extends string = never>(spec: MetricSpec<L>): Gauge<L>;
  histogram<L extends string = never>(spec: HistogramSpec<L>): Histogram<L>;
  collected<L extends string = never>(spec: CollectedSpec<L>): void;
  snapshot(): FamilySnapshot[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Added by the merge of several processes (see merge-snapshots.ts). */
export const WORKER_LABEL = 'worker';

interface Registered {
  snapshot(): FamilySnapshot;
}

export function createRegistry(): Registry {
  const families = new Map<string, Registered>();

  const declare = <L extends string>(spec: MetricSpec<L>, type: MetricType) => {
    if (!METRIC_NAME.test(spec.name)) throw new RangeError(`invalid metric name ${spec.name}`);
    if (families.has(spec.name)) throw new RangeError(`metric ${spec.name} is registered twice`);
    if (type === 'counter' && !spec.name.endsWith('_total'))
      throw new RangeError(`counter ${spec.name} must end in _total`);
    const allowed = Object.entries<readonly string[]>(spec.labels ?? {}) as [L, readonly string[]][];
    for (const [label] of allowed) {
      const reserved = label.startsWith('__') || label === WORKER_LABEL || label === 'le';
      if (!LABEL_NAME.test(label) || reserved) throw new RangeError(`invalid label name ${label}`);
    }
    const sets = allowed.map(([label, values]) => [label, new Set(values)] as const);
    const labelNames = sets.map(([label]) => label);
    /** The label values in declaration order, each bounded to its set. */
    const bound = (labels: Labels<L>): string[] =>
      sets.map(([label, values]) => {
        const value = labels[label];
        return values.has(value) ? value : OTHER;
      });
    return {
      labelNames,
      bound,
      base: {
        name: spec.name,
        help: spec.help,
        aggregation: spec.aggregation ?? 'sum',
        labelNames,
      },
    };
  };

  const scalar = <L extends string>(spec: MetricSpec<L>, type: 'counter' | 'gauge') => {
    const { bound, base, labelNames } = declare(spec, type);
    const series = new Map<string, { labelValues: string[]; value: number }>();
    // An unlabelled metric is shown (at zero) before its first change.
    if (labelNames.length === 0) series.set('', { labelValues: [], value: 0 });
    families.set(spec.name, {
      snapshot: () => ({ ...base, type, series: sorted([...series.values()]).map((s) => ({ ...s })) }),
    });
    return (labels: Labels<L>, change: (current: number) => number) => {
      const labelValues = bound(labels);
      const key = labelValues.join('\u0000');
      const entry = series.get(key) ?? { labelValues, value: 0 };
      entry.value = change(entry.value);
      series.set(key, entry);
    };
  };

  return {
    counter(spec) {
      const update = scalar(spec, 'counter');
      return {
        inc(labels, by = 1) {
          if (!(by >= 0)) throw new RangeError(`a counter only grows, not by ${by}`);
          update(labels, (v) => v + by);
        },
      };
    },
    gauge(spec) {
      const update = scalar(spec, 'gauge');
      return {
        set: (labels, value) => update(labels, () => value),
        add: (labels, by) => update(labels, (v) => v + by),
      };
    },
    histogram(spec) {
      const { bound, base } = declare(spec, 'histogram');
      const buckets = [...spec.buckets];
      const ascending = buckets.every((b, i) => Number.isFinite(b) && (i === 0 || b > (buckets[i - 1] ?? b)));
      if (buckets.length === 0 || !ascending)
        throw new RangeError(`histogram ${spec.name} needs finite ascending buckets`);
      const series = new Map<string, { labelValues: string[]; counts: number[]; sum: number }>();
      families.set(spec.name, {
        snapshot: () => ({
          ...base,
          type: 'histogram',
          buckets,
          series: sorted([...series.values()]).map((s) => ({ ...s, counts: [...s.counts] })),
        }),
      });
      return {
        observe(labels, value) {
          if (Number.isNaN(value)) return;
          const labelValues = bound(labels);
          const key = labelValues.join('\u0000');
          let entry = series.get(key);
          if (entry === undefined) {
            entry = { labelValues, counts: new Array<number>(buckets.length + 1).fill(0), sum: 0 };
            series.set(key, entry);
          }
          // `le` is inclusive: a value equal to a bound falls in that bound's bucket.
          let index = buckets.findIndex((b) => value <= b);
          if (index === -1) index = buckets.length;
          entry.counts[index] = (entry.counts[index] ?? 0) + 1;
          entry.sum += value;
        },
      };
    },
    collected(spec) {
      const { bound, base } = declare(spec, spec.type);
      families.set(spec.name, {
        snapshot() {
          // Two readings that bound to the same series (both `other`) are added.
          const series = new Map<string, { labelValues: string[]; value: number }>();
          for (const { labels, value } of spec.collect()) {
            const labelValues = bound(labels);
            const key = labelValues.join('\u0000');
            const entry = series.get(key);
            if (entry === undefined) series.set(key, { labelValues, value });
            else entry.value += value;
          }
          return { ...base, type: spec.type, series: sorted([...series.values()]) };
        },
      });
    },
    snapshot: () => [...families.values()].map((family) => family.snapshot()),
  };
}

/** Series in a stable order, so that two scrapes list them alike. */
function sorted<T extends { labelValues: readonly string[] }>(series: T[]): T[] {
  return series.sort((a, b) => compareLabels(a.labelValues, b.labelValues));
}

export function compareLabels(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
