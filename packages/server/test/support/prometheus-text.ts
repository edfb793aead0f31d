/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written from the format's
 * description for the tests: it refuses what a Prometheus server would refuse (a sample before
 * its TYPE, a family split in two, a bad escape, a histogram whose buckets are not cumulative or
 * whose `+Inf` bucket differs from `_count`), so that a test passing through it shows the text
 * would be scraped.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  help?: string;
  type?: string;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  const familyOf = (name: string): Family => {
    if (current?.name === name) return current;
    if (current !== undefined) closed.add(current.name);
    if (closed.has(name)) throw new Error(`family ${name} is split into two groups`);
    const family = families.get(name) ?? { name, samples: [] };
    families.set(name, family);
    current = family;
    return family;
  };
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1}: ${line}`;
    if (line === '') continue;
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`).exec(line);
    if (meta !== null) {
      const [, kind, name = '', rest = ''] = meta;
      const family = familyOf(name);
      if (kind === 'HELP') {
        if (family.help !== undefined) throw new Error(`second HELP, ${where}`);
        family.help = unescapeText(rest, false, where);
      } else {
        if (family.type !== undefined || family.samples.length > 0)
          throw new Error(`TYPE repeated or after samples, ${where}`);
        if (!TYPES.has(rest)) throw new Error(`unknown type, ${where}`);
        family.type = rest;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = readSample(line, where);
    familyOf(familyName(sample.name, families)).samples.push(sample);
  }
  for (const family of families.values()) checkFamily(family);
  return families;
}

/** `x_bucket`, `x_sum` and `x_count` belong to histogram `x` when `x` was declared one. */
function familyName(sample: string, families: Map<string, Family>): string {
  const m = /^(.*)_(bucket|sum|count)$/.exec(sample);
  const base = m?.[1];
  if (base !== undefined && families.get(base)?.type === 'histogram') return base;
  return sample;
}

function readSample(line: string, where: string): Sample {
  const head = new RegExp(`^(${NAME})`).exec(line);
  if (head === null) throw new Error(`no metric name, ${where}`);
  const name = head[1] ?? '';
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at += 1;
    while (line[at] !== '}') {
      const label = new RegExp(`^(${LABEL})="`).exec(line.slice(at));
      if (label === null) throw new Error(`bad label at ${at}, ${where}`);
      const labelName = label[1] ?? '';
      at += label[0].length;
      let raw = '';
      while (line[at] !== '"') {
        if (at >= line.length) throw new Error(`unterminated label value, ${where}`);
        if (line[at] === '\\') {
          raw += line.slice(at, at + 2);
          at += 2;
        } else {
          raw += line[at];
          at += 1;
        }
      }
      at += 1;
      if (labelName in labels) throw new Error(`label ${labelName} twice, ${where}`);
      labels[labelName] = unescapeText(raw, true, where);
      if (line[at] === ',') at += 1;
      else if (line[at] !== '}') throw new Error(`expected , or } at ${at}, ${where}`);
    }
    at += 1;
  }
  const rest = /^ +(\S+)(?: +(-?\d+))?$/.exec(line.slice(at));
  if (rest === null) throw new Error(`bad value, ${where}`);
  return { name, labels, value: parseValue(rest[1] ?? '', where) };
}

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad number ${text}, ${where}`);
  return Number(text);
}

/** Label values escape `\\`, `\"` and `\n`; HELP text `\\` and `\n`. Any other escape is an error. */
function unescapeText(text: string, quoted: boolean, where: string): string {
  return text.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quoted) return '"';
    throw new Error(`bad escape \\${c}, ${where}`);
  });
}

function checkFamily(family: Family): void {
  if (family.type !== 'histogram') {
    for (const s of family.samples)
      if (s.name !== family.name) throw new Error(`sample ${s.name} in family ${family.name}`);
    return;
  }
  const groups = new Map<string, Sample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const samples of groups.values()) {
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    if (count === undefined || sum === undefined) throw new Error(`${family.name}: _sum or _count missing`);
    let previous = 0;
    let bound = Number.NEGATIVE_INFINITY;
    for (const b of buckets) {
      const le = parseValue(b.labels.le ?? 'missing', `${family.name} le`);
      if (!(le > bound)) throw new Error(`${family.name}: le not ascending`);
      if (b.value < previous) throw new Error(`${family.name}: buckets not cumulative`);
      bound = le;
      previous = b.value;
    }
    if (bound !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}: no +Inf bucket`);
    if (previous !== count.value)
      throw new Error(`${family.name}: +Inf bucket ${previous} != _count ${count.value}`);
  }
}

/** The value of the one sample with exactly these labels, or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  sampleName: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const family = families.get(familyName(sampleName, families));
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return family?.samples.find(
    (s) => s.name === sampleName && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  )?.value;
}

/** The sum of every sample of that name whose labels include these. */
export function sumOf(
  families: Map<string, Family>,
  sampleName: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const family = families.get(familyName(sampleName, families));
  return (family?.samples ?? [])
    .filter((s) => s.name === sampleName && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}
