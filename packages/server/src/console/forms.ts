/**
 * Form pieces every page uses, so that each field looks and behaves the same: a label, the
 * control, a hint with an example, and the error for that field right under it. And the
 * mapping from an API refusal to the field it is about (the API names the member in its message:
 * "Value '…' at 'name' failed to satisfy constraint", "roleArns.1: …"), so errors appear next to
 * the field; anything else appears at the top of the form. Messages are the API's own words.
 */
import type { AnchorageError } from '@anchorage/core/errors';
import { CSRF_FIELD } from './csrf.ts';
import { type Html, html } from './html.ts';

export interface FormErrors {
  readonly top: readonly string[];
  readonly fields: Readonly<Record<string, string>>;
}

export const NO_ERRORS: FormErrors = { top: [], fields: {} };

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
}

/** How the console says an API refusal: the message, with a word of context for access and server faults. */
export function describeError(error: AnchorageError): string {
  return error.code === 'AccessDeniedException' ? `Access denied. ${error.message}` : error.message;
}

/**
 * Places an API refusal: `members` maps input member paths (as the API names them) to form
 * fields; the longest member named in the message wins.
 */
export function errorsFrom(
  error: AnchorageError,
  members: Readonly<Record<string, string>>,
  byCode: Readonly<Partial<Record<string, string>>> = {},
): FormErrors {
  const message = describeError(error);
  const coded = byCode[error.code];
  if (coded !== undefined) return { top: [], fields: { [coded]: message } };
  const candidates = Object.keys(members).sort((a, b) => b.length - a.length);
  for (const member of candidates) {
    const named =
      message.includes(`'${member}'`) ||
      message.includes(`'${member}.`) ||
      message.startsWith(`${member} `) ||
      message.startsWith(`${member}.`) ||
      message.startsWith(`${member}:`) ||
      message.includes(` ${member} `) ||
      message.includes(`source.sourceData.${member}`);
    const field = members[member];
    if (named && field !== undefined && error.code !== 'AccessDeniedException') {
      return { top: [], fields: { [field]: message } };
    }
  }
  return { top: [message], fields: {} };
}

/** Errors found before calling the API (a missing field, a number that is not one). */
export function fieldErrors(fields: Readonly<Record<string, string | undefined>>): FormErrors | undefined {
  const found = Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return Object.keys(found).length === 0 ? undefined : { top: [], fields: found };
}

export function errorSummary(errors: FormErrors): Html {
  const fieldCount = Object.keys(errors.fields).length;
  if (errors.top.length === 0 && fieldCount === 0) return html``;
  return html`<div class="alert" role="alert">${
    errors.top.length > 0
      ? html`<ul>${errors.top.map((m) => html`<li>${m}</li>`)}</ul>`
      : html`<p>Please correct the field${fieldCount === 1 ? '' : 's'} marked below.</p>`
  }</div>`;
}

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: Html | string;
  readonly errors?: FormErrors;
  readonly required?: boolean;
  /** Said after the label of a field that is not always required, instead of "optional". */
  readonly when?: string;
}

function fieldShell(base: FieldBase, control: Html, id: string): Html {
  const error = base.errors?.fields[base.name];
  return html`<div class="field${error === undefined ? '' : ' has-error'}">
<label for="${id}">${base.label}${base.required ? '' : html` <span class="muted">(${base.when ?? 'optional'})</span>`}</label>
${base.hint === undefined ? '' : html`<p class="hint" id="${id}-hint">${base.hint}</p>`}
${control}
${error === undefined ? '' : html`<p class="error" id="${id}-error">${error}</p>`}
</div>`;
}

function describedBy(base: FieldBase, id: string): Html {
  const ids = [
    ...(base.hint === undefined ? [] : [`${id}-hint`]),
    ...(base.errors?.fields[base.name] === undefined ? [] : [`${id}-error`]),
  ];
  return ids.length === 0 ? html`` : html` aria-describedby="${ids.join(' ')}"`;
}

export function textField(
  base: FieldBase & {
    readonly value?: string;
    readonly type?: 'text' | 'password' | 'number';
    readonly placeholder?: string;
    readonly autocomplete?: string;
    readonly min?: number;
    readonly max?: number;
  },
): Html {
  const id = `f-${base.name}`;
  const control = html`<input id="${id}" name="${base.name}" type="${base.type ?? 'text'}" value="${base.value ?? ''}"${
    base.placeholder === undefined ? '' : html` placeholder="${base.placeholder}"`
  }${base.autocomplete === undefined ? '' : html` autocomplete="${base.autocomplete}"`}${
    base.min === undefined ? '' : html` min="${base.min}"`
  }${base.max === undefined ? '' : html` max="${base.max}"`}${base.required ? html` required` : ''}${describedBy(base, id)}>`;
  return fieldShell(base, control, id);
}

export function textArea(
  base: FieldBase & {
    readonly value?: string;
    readonly rows?: number;
    readonly json?: boolean;
    readonly placeholder?: string;
  },
): Html {
  const id = `f-${base.name}`;
  const status = `${id}-json`;
  const control = html`<textarea id="${id}" name="${base.name}" rows="${base.rows ?? 8}"${
    base.json ? html` class="mono" spellcheck="false" data-json="${status}"` : ''
  }${base.placeholder === undefined ? '' : html` placeholder="${base.placeholder}"`}${
    base.required ? html` required` : ''
  }${describedBy(base, id)}>${base.value ?? ''}</textarea>${
    base.json ? html`<p class="json-status" id="${status}" aria-live="polite"></p>` : ''
  }`;
  return fieldShell(base, control, id);
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export function selectField(
  base: FieldBase & {
    readonly choices: readonly Choice[];
    readonly selected?: readonly string[];
    readonly multiple?: boolean;
    readonly attributes?: Html;
  },
): Html {
  const id = `f-${base.name}`;
  const selected = new Set(base.selected ?? []);
  const control = html`<select id="${id}" name="${base.name}"${base.multiple ? html` multiple` : ''}${
    base.required ? html` required` : ''
  }${base.attributes ?? ''}${describedBy(base, id)}>${base.choices.map(
    (c) =>
      html`<option value="${c.value}"${selected.has(c.value) ? html` selected` : ''}>${c.label}</option>`,
  )}</select>`;
  return fieldShell(base, control, id);
}

export function fileField(base: FieldBase & { readonly accept?: string }): Html {
  const id = `f-${base.name}`;
  const control = html`<input id="${id}" name="${base.name}" type="file"${
    base.accept === undefined ? '' : html` accept="${base.accept}"`
  }${describedBy(base, id)}>`;
  return fieldShell(base, control, id);
}

export function checkbox(options: {
  readonly name: string;
  readonly label: string;
  readonly checked: boolean;
  readonly hint?: string;
}): Html {
  const id = `f-${options.name}`;
  return html`<div class="field"><label class="check" for="${id}"><input id="${id}" type="checkbox" name="${options.name}" value="true"${
    options.checked ? html` checked` : ''
  }><span>${options.label}${options.hint === undefined ? '' : html`<br><span class="hint">${options.hint}</span>`}</span></label></div>`;
}

/** A one-button form that POSTs an action (enable, disable, …). */
export function actionButton(options: {
  readonly action: string;
  readonly label: string;
  readonly csrfToken: string;
  readonly style?: 'secondary' | 'danger';
  readonly fields?: Readonly<Record<string, string>>;
}): Html {
  return html`<form method="post" action="${options.action}">${csrfInput(options.csrfToken)}${Object.entries(
    options.fields ?? {},
  ).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button type="submit"${
    options.style === undefined ? '' : html` class="${options.style}"`
  }>${options.label}</button></form>`;
}

/**
 * Enable is one button; disable, which stops workloads, goes through a confirmation page at
 * `<base>/disable` first.
 */
export function enableOrDisable(options: {
  readonly enabled: boolean;
  readonly base: string;
  readonly csrfToken: string;
}): Html {
  return options.enabled
    ? html`<a class="button secondary" href="${options.base}/disable">Disable…</a>`
    : actionButton({
        action: `${options.base}/enable`,
        label: 'Enable',
        csrfToken: options.csrfToken,
        style: 'secondary',
      });
}

/**
 * The confirmation step of a destructive action: a page that says what will happen and POSTs
 * to `action` only when the person presses the button. No script needed.
 */
export function confirmPage(options: {
  readonly question: string;
  readonly consequence: string;
  readonly action: string;
  readonly confirmLabel: string;
  readonly cancelHref: string;
  readonly csrfToken: string;
  readonly fields?: Readonly<Record<string, string>>;
}): Html {
  return html`<h1>${options.question}</h1>
<div class="card">
<p>${options.consequence}</p>
<div class="actions">
${actionButton({
  action: options.action,
  label: options.confirmLabel,
  csrfToken: options.csrfToken,
  style: 'danger',
  ...(options.fields === undefined ? {} : { fields: options.fields }),
})}
<a class="button secondary" href="${options.cancelHref}">Cancel</a>
</div>
</div>`;
}

/** A checkbox field arrives as `true` when checked and is absent otherwise. */
export function checked(value: string): boolean {
  return value === 'true' || value === 'on';
}

/** Lines or commas → trimmed, non-empty items. */
export function items(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A whole number within bounds, or the error to show. */
export function wholeNumber(text: string, min: number, max: number): number | string {
  if (!/^\d{1,9}$/.test(text.trim())) return `Enter a whole number from ${min} to ${max}.`;
  const value = Number(text.trim());
  return value < min || value > max ? `Enter a whole number from ${min} to ${max}.` : value;
}
