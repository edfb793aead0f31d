/**
 * The audit trail — every API call, CreateSession, question answered at /authorize and console
 * action, with its decision: filters as a GET form (so a view can be bookmarked), newest first, a
 * page at a time with the query's own resumable token, and an NDJSON export of everything the
 * filters match, streamed. Both read the store in process with the audit API's own query code,
 * and need `rolesanywhere:ListAuditEvents` as `GET /audit/events` does (the check is itself
 * recorded, as reading the trail through the API is).
 */
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { AnchorageError } from '@anchorage/core/errors';
import { type AuditQuery, readAuditQuery } from '../../audit/audit-filters.ts';
import { auditedActions } from '../../audit/audited-actions.ts';
import { queryAuditEvents, scanAuditEvents } from '../../audit/query-audit.ts';
import { errorSummary, errorsFrom, type FormErrors, NO_ERRORS, selectField, textField } from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, type PageResult, page } from '../page.ts';
import { AUDIT_READ_ACTION } from './overview.ts';
import { requireAllowed, table, time } from './parts.ts';

const PAGE_SIZE = 50;
const FILTERS = ['action', 'outcome', 'channel', 'principal', 'resource', 'since', 'until'] as const;
const SERVICES: Readonly<Record<string, string>> = {
  rolesanywhere: 'Roles Anywhere',
  iam: 'IAM',
  sts: 'STS',
  'acm-pca': 'private CA',
  anchorage: 'Anchorage',
};

const OUTCOME_BADGES: Readonly<Record<string, string>> = { allowed: 'ok', denied: 'bad', error: 'warn' };

/** The filters as given, for the form and the links (empty ones left out). */
function given(ctx: PageContext): Record<string, string | undefined> {
  return Object.fromEntries(FILTERS.map((name) => [name, ctx.query.get(name)?.trim() || undefined]));
}

/** The query's own reader: the same validation and messages as `GET /audit/events`. */
function readQuery(ctx: PageContext, withToken: boolean): AuditQuery {
  const params = new Map<string, string[]>();
  for (const [name, value] of Object.entries(given(ctx))) if (value !== undefined) params.set(name, [value]);
  const token = ctx.query.get('nextToken');
  if (withToken && token !== null && token !== '') params.set('nextToken', [token]);
  return readAuditQuery(params);
}

/** Why: the refusal's reason, else the session granted, else the decision's reason. */
function why(e: AuditEventRecord): Html | string {
  if (e.reason !== undefined) return e.reason;
  if (e.assumedRoleArn !== undefined) return html`Session <span class="mono">${e.assumedRoleArn}</span>`;
  return e.decision === undefined ? '' : html`<span class="muted">${e.decision.reason}</span>`;
}

function row(e: AuditEventRecord): Html {
  const cert = e.certificate;
  return html`<tr><td>${time(e.time)}</td><td class="mono">${e.action}<br><span class="muted">${e.channel ?? 'api'}</span></td><td><span class="badge ${OUTCOME_BADGES[e.outcome] ?? 'off'}">${e.outcome}</span>${
    e.errorType === undefined ? '' : html`<br><span class="mono">${e.errorType}</span>`
  }</td><td class="wrap">${e.principal ?? '—'}${e.accessKeyId === undefined ? '' : html`<br><span class="mono muted">${e.accessKeyId}</span>`}</td><td class="wrap">${why(e)}</td><td class="mono wrap">${
    cert === undefined
      ? '—'
      : html`serial ${cert.serialNumber}<br><span class="muted">SHA-256 ${cert.fingerprintSha256}</span>`
  }</td><td class="mono wrap">${e.resources.map((r) => html`${r}<br>`)}</td><td class="mono">${e.sourceAddress ?? ''}</td></tr>`;
}

const choice = (value: string, label: string) => ({ value, label });

/** Any; then per service "any of its actions" and each action; `unknown`; and the value given, if none of these. */
function actionChoices(actions: readonly string[], current: string | undefined) {
  const choices = [choice('', 'Any')];
  for (const [service, name] of Object.entries(SERVICES)) {
    choices.push(choice(`${service}:*`, `Any ${name} action (${service}:*)`));
    for (const action of actions) if (action.startsWith(`${service}:`)) choices.push(choice(action, action));
  }
  choices.push(choice('unknown', 'unknown (refused before the operation was known)'));
  if (current !== undefined && !choices.some((c) => c.value === current))
    choices.push(choice(current, current));
  return choices;
}

function filterForm(
  values: Record<string, string | undefined>,
  errors: FormErrors,
  actions: readonly string[],
): Html {
  return html`<form class="stack card" method="get" action="/console/audit">
<div class="row">
${selectField({
  name: 'action',
  label: 'Action',
  choices: actionChoices(actions, values.action),
  selected: [values.action ?? ''],
  errors,
})}
${selectField({
  name: 'outcome',
  label: 'Outcome',
  choices: [
    choice('', 'Any'),
    choice('allowed', 'Allowed'),
    choice('denied', 'Denied'),
    choice('error', 'Error'),
  ],
  selected: [values.outcome ?? ''],
  errors,
})}
${selectField({
  name: 'channel',
  label: 'Channel',
  choices: [
    choice('', 'Any'),
    choice('api', 'API (signed requests, CreateSession)'),
    choice('console', 'Console'),
    choice('authorize', 'Questions to /authorize'),
  ],
  selected: [values.channel ?? ''],
  errors,
})}
</div>
${textField({ name: 'principal', label: 'Principal', value: values.principal ?? '', hint: 'Part of a certificate subject or principal ARN, any case; for example: CN=web-01', errors })}
${textField({ name: 'resource', label: 'Resource', value: values.resource ?? '', hint: 'An exact ARN the call concerned: a trust anchor, profile, role, subject, CA, …', errors })}
<div class="row">
${textField({ name: 'since', label: 'Since', value: values.since ?? '', hint: 'ISO-8601 (UTC unless an offset is given): 2031-03-04 or 2031-03-04T12:00:00Z', errors })}
${textField({ name: 'until', label: 'Until', value: values.until ?? '', hint: 'Inclusive, in the same form', errors })}
</div>
<div class="actions"><button type="submit">Filter</button><a class="button secondary" href="/console/audit">Clear</a></div>
</form>`;
}

const MEMBERS = {
  action: 'action',
  outcome: 'outcome',
  channel: 'channel',
  principal: 'principal',
  resource: 'resource',
  since: 'since',
  until: 'until',
  nextToken: 'nextToken',
};

async function trail(ctx: PageContext): Promise<PageResult> {
  await requireAllowed(ctx, AUDIT_READ_ACTION, '*');
  const values = given(ctx);
  let results: Html = html``;
  let errors: FormErrors = NO_ERRORS;
  try {
    const query = readQuery(ctx, true);
    const found = await queryAuditEvents(ctx.store, query.filters, {
      maxResults: PAGE_SIZE,
      ...(query.nextToken === undefined ? {} : { nextToken: query.nextToken }),
    });
    const older =
      found.nextToken === undefined
        ? ''
        : html`<p><a class="button secondary" href="${href(['audit'], { ...values, nextToken: found.nextToken })}">Older records</a></p>`;
    results = html`${table(
      ['Time', 'Action', 'Outcome', 'Principal', 'Reason or session', 'Certificate', 'Resources', 'From'],
      found.events.map(row),
      found.nextToken === undefined
        ? 'No records match.'
        : 'No matching records in this stretch of the trail; older ones may match.',
    )}${older}`;
  } catch (error) {
    if (!(error instanceof AnchorageError) || error.code !== 'ValidationException') throw error;
    errors = errorsFrom(error, MEMBERS);
  }
  return page(
    'Audit trail',
    html`<h1>Audit trail</h1>
<p class="lead">Every API call, CreateSession, question answered at /authorize and console action, newest first, with the decision made and the precise reason for each refusal.</p>
${errorSummary(errors)}
${filterForm(values, errors, ctx.auditedActions ?? auditedActions())}
<p><a class="button secondary" href="${href(['audit', 'export'], values)}" download>Export matching records (NDJSON)</a></p>
<section aria-label="Records">${results}</section>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function* ndjson(records: AsyncIterable<AuditEventRecord>): AsyncGenerator<string> {
  for await (const record of records) yield `${JSON.stringify(record)}\n`;
}

async function exportTrail(ctx: PageContext): Promise<PageResult> {
  await requireAllowed(ctx, AUDIT_READ_ACTION, '*');
  const { filters } = readQuery(ctx, false);
  return {
    kind: 'stream',
    filename: `anchorage-audit-${new Date(ctx.now).toISOString().slice(0, 10)}.ndjson`,
    contentType: 'application/x-ndjson',
    body: ndjson(scanAuditEvents(ctx.store, filters)),
  };
}

export const auditTrailPage: ConsolePage = {
  nav: { label: 'Audit trail', path: '/audit' },
  routes: [get('/audit', trail), get('/audit/export', exportTrail)],
};
