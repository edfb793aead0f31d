/**
 * The simulator's ContextEntries → the request context the policy engine reads. Each entry names a
 * condition key, its type (IAM API Reference, ContextEntry: string, numeric, boolean, date, ip,
 * binary and their `…List` forms) and its values. A scalar type takes exactly one value; values
 * must read as their type, so that a typo is an error rather than a silent mismatch.
 */
import { isIP } from 'node:net';
import { AnchorageError } from '@anchorage/core/errors';
import type { RequestContext } from '@anchorage/core/policy/types';

export interface ContextEntryInput {
  readonly ContextKeyName?: string;
  readonly ContextKeyValues?: readonly string[];
  readonly ContextKeyType?: string;
}

const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  string: () => true,
  numeric: (v) => /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v.trim()),
  boolean: (v) => /^(true|false)$/i.test(v),
  date: (v) => /^[0-9]{1,13}$/.test(v) || !Number.isNaN(Date.parse(v)),
  ip: isIpOrCidr,
  binary: (v) => v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v),
};

export function contextFromEntries(entries: readonly ContextEntryInput[] | undefined): RequestContext {
  const context: Record<string, string | readonly string[]> = {};
  const seen = new Set<string>();
  (entries ?? []).forEach((entry, i) => {
    const where = `ContextEntries.member.${i + 1}`;
    const name = entry.ContextKeyName;
    if (name === undefined) throw invalid(`${where}: ContextKeyName is required.`);
    if (seen.has(name.toLowerCase())) throw invalid(`Context key ${name} is given more than once.`);
    seen.add(name.toLowerCase());
    const type = entry.ContextKeyType ?? 'string';
    const list = type.endsWith('List');
    const check = CHECKS[list ? type.slice(0, -'List'.length) : type];
    if (check === undefined) throw invalid(`${where}: unknown ContextKeyType ${type}.`);
    const values = entry.ContextKeyValues ?? [];
    if (!list && values.length !== 1) {
      throw invalid(`Context key ${name} of type ${type} takes exactly one value, got ${values.length}.`);
    }
    const bad = values.find((v) => !check(v));
    if (bad !== undefined)
      throw invalid(`Context key ${name}: '${bad.slice(0, 64)}' is not a valid ${type} value.`);
    context[name] = list ? [...values] : (values[0] ?? '');
  });
  return context;
}

function isIpOrCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function invalid(message: string): AnchorageError {
  return new AnchorageError('InvalidInput', message);
}
