/**
 * The Prometheus text exposition format, version 0.0.4: per family a `# HELP` and a `# TYPE`
 * line, then one sample per line, `name{label="value",…} value`. Histograms give cumulative
 * `_bucket{le="…"}` samples ending with `le="+Inf"` (equal to `_count`), then `_sum` and `_count`.
 * Escaping, per the format: in HELP text `\` and newline; in label values `\`, `"` and newline.
 */
import type { FamilySnapshot } from './registry.ts';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function renderExposition(families: readonly FamilySnapshot[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.type !== 'histogram') {
      for (const s of family.series) {
        lines.push(`${family.name}${labelSet(family.labelNames, s.labelValues)} ${formatNumber(s.value)}`);
      }
      continue;
    }
    for (const s of family.series) {
      let cumulative = 0;
      family.buckets.forEach((bound, i) => {
        cumulative += s.counts[i] ?? 0;
        const labels = labelSet([...family.labelNames, 'le'], [...s.labelValues, formatNumber(bound)]);
        lines.push(`${family.name}_bucket${labels} ${formatNumber(cumulative)}`);
      });
      cumulative += s.counts[family.buckets.length] ?? 0;
      const inf = labelSet([...family.labelNames, 'le'], [...s.labelValues, '+Inf']);
      lines.push(`${family.name}_bucket${inf} ${formatNumber(cumulative)}`);
      const labels = labelSet(family.labelNames, s.labelValues);
      lines.push(`${family.name}_sum${labels} ${formatNumber(s.sum)}`);
      lines.push(`${family.name}_count${labels} ${formatNumber(cumulative)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function labelSet(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  return `{${names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`).join(',')}}`;
}

export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

/** Go's ParseFloat reads what this writes: integers plainly, `+Inf`, `-Inf`, `NaN`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
