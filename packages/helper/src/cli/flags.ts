/**
 * Command-line flags the way the official helper's library (cobra/pflag) reads them, so that an
 * `aws_signing_helper …` line works unchanged: `--name value` and `--name=value`; booleans as
 * `--name` or `--name=true|false`; an unknown flag, a missing value or a bad integer is an error;
 * explicitly setting both flags of a mutually exclusive pair is an error (defaults never count).
 */

export type FlagSpec =
  | { readonly kind: 'string'; readonly default: string; readonly help: string }
  | { readonly kind: 'int'; readonly default: number; readonly help: string }
  | { readonly kind: 'bool'; readonly help: string };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValues<S extends FlagSpecs> = {
  readonly [K in keyof S]: S[K] extends { kind: 'string' }
    ? string
    : S[K] extends { kind: 'int' }
      ? number
      : boolean;
};

export interface ParsedFlags<S extends FlagSpecs> {
  readonly values: FlagValues<S>;
  /** Names given on the command line (for "was it set" checks and exclusions). */
  readonly given: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export class FlagError extends Error {}

export function parseFlags<S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  exclusive: ReadonlyArray<readonly [string, string]> = [],
): ParsedFlags<S> {
  const values: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(specs))
    values[name] = spec.kind === 'bool' ? false : spec.default;
  const given = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg !== '-')
        throw new FlagError(`unknown shorthand flag: '${arg.slice(1, 2)}' in ${arg}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (spec === undefined) throw new FlagError(`unknown flag: --${name}`);
    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    if (spec.kind === 'bool') {
      if (raw === undefined) values[name] = true;
      else if (/^(1|t|true|TRUE|True)$/.test(raw)) values[name] = true;
      else if (/^(0|f|false|FALSE|False)$/.test(raw)) values[name] = false;
      else throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: expected true or false`);
    } else {
      if (raw === undefined) {
        raw = argv[i + 1];
        if (raw === undefined) throw new FlagError(`flag needs an argument: --${name}`);
        i++;
      }
      if (spec.kind === 'int') {
        if (!/^[+-]?[0-9]{1,10}$/.test(raw)) {
          throw new FlagError(`invalid argument "${raw}" for "--${name}" flag: not an integer`);
        }
        values[name] = Number(raw);
      } else {
        values[name] = raw;
      }
    }
    given.add(name);
  }
  for (const [a, b] of exclusive) {
    if (given.has(a) && given.has(b)) {
      throw new FlagError(
        `if any flags in the group [${a} ${b}] are set none of the others can be; [${a} ${b}] were all set`,
      );
    }
  }
  return { values: values as FlagValues<S>, given, positional };
}

export function describeFlags(specs: FlagSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const type = spec.kind === 'bool' ? '' : ` ${spec.kind}`;
      const def =
        spec.kind === 'bool' || spec.default === '' || spec.default === 0
          ? ''
          : ` (default ${JSON.stringify(spec.default)})`;
      return `      --${`${name}${type}`.padEnd(36)} ${spec.help}${def}`;
    })
    .join('\n');
}

/** Some of a flag set, for commands that take part of the shared flags (sign-string, read-certificate-data). */
export function pickFlags<S extends FlagSpecs, K extends keyof S>(specs: S, names: readonly K[]): Pick<S, K> {
  const picked = {} as Pick<S, K>;
  for (const name of names) picked[name] = specs[name];
  return picked;
}
