/**
 * HTML built from tagged templates that escape every interpolated value by default. The only way
 * to put markup in is a value that is already `Html` — the result of another `html` template, or
 * of `raw()` for a fragment the code itself wrote (never for anything a request or the store
 * supplied). Escaping `& < > " '` makes a value safe as element text and inside a quoted
 * attribute value, the two contexts the console uses; attributes are therefore always quoted, and
 * URLs in `href`/`action` are built by `href()` from fixed paths and encoded segments.
 */

const BRAND = Symbol('html');

export interface Html {
  readonly [BRAND]: true;
  readonly text: string;
}

/** What an `html` template accepts: nested Html, arrays of either, text and numbers; nothing for null/undefined/false. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function trusted(text: string): Html {
  return { [BRAND]: true, text };
}

export function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isHtml(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return trusted(out);
}

/** A fragment the console's own code wrote, taken as markup. Never pass request or stored data. */
export function raw(fragment: string): Html {
  return trusted(fragment);
}

/** Joins fragments (escaping any plain strings). */
export function join(values: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return trusted(values.map(render).join(render(separator)));
}

/**
 * A console URL: fixed path segments and encoded values, plus a query. Each value is
 * percent-encoded, so no value can change the path, add a scheme or break out of the attribute.
 */
export function href(
  segments: readonly string[],
  query: Readonly<Record<string, string | undefined>> = {},
): string {
  const path = `/console/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const pairs = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  return pairs.length === 0 ? path : `${path}?${new URLSearchParams(pairs).toString()}`;
}
