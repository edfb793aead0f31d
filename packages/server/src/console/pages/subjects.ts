/**
 * Subjects: the workloads CreateSession has seen, one per certificate subject. The list, and one
 * subject's certificates, instance properties and failed attempts. The subject record keeps only
 * that an attempt failed; the precise reason is in the audit trail, read (in process, like the
 * overview) when the caller may read it.
 */
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { queryAuditEvents } from '../../audit/query-audit.ts';
import { type Html, href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page } from '../page.ts';
import { AUDIT_READ_ACTION } from './overview.ts';
import { certificatesOf, enabledBadge, expiryBadge, listSubjects, str, table, time } from './parts.ts';

const FAILURES_SHOWN = 20;

async function list(ctx: PageContext) {
  const { items, complete } = await listSubjects(ctx);
  const rows = [...items]
    .sort((a, b) => str(b.lastSeenAt).localeCompare(str(a.lastSeenAt)))
    .map(
      (s) =>
        html`<tr><td class="wrap"><a href="${href(['subjects', str(s.subjectId)])}">${str(s.x509Subject)}</a></td><td>${time(str(s.lastSeenAt))}</td><td>${time(str(s.createdAt))}</td><td>${enabledBadge(s.enabled === true)}</td></tr>`,
    );
  return page(
    'Subjects',
    html`<h1>Subjects</h1>
<p class="lead">Each certificate subject that has called CreateSession, most recently seen first. A subject appears after its first attempt, successful or not.</p>
${table(['Certificate subject', 'Last seen', 'First seen', 'Status'], rows, 'No subjects yet: no workload has called CreateSession.')}
${complete ? '' : html`<p class="muted">Showing the first ${items.length} subjects.</p>`}`,
  );
}

interface Credential {
  readonly seenAt: string;
  readonly serialNumber: string;
  readonly issuer: string;
  readonly x509CertificateData: string;
  readonly failed: boolean;
}

/** The certificate's expiry, from the PEM or base64 DER the subject record kept. */
function expiry(data: string, now: number): Html {
  const pem = data.includes('-----BEGIN')
    ? data
    : `-----BEGIN CERTIFICATE-----\n${data}\n-----END CERTIFICATE-----`;
  const facts = certificatesOf(pem)[0];
  return facts === undefined
    ? html`<span class="muted">—</span>`
    : html`${time(facts.notAfter)} ${expiryBadge(facts.notAfter, now)}`;
}

function outcomeBadge(failed: boolean): Html {
  return failed ? html`<span class="badge bad">failed</span>` : html`<span class="badge ok">succeeded</span>`;
}

async function failures(ctx: PageContext, x509Subject: string): Promise<Html> {
  if (!(await ctx.allowed(AUDIT_READ_ACTION, '*'))) {
    return html`<p class="muted">Not permitted: your policies do not allow ${AUDIT_READ_ACTION}, which the reasons come from.</p>`;
  }
  // The audit filter matches a substring; only this subject's own records are kept.
  const read = async (outcome: 'denied' | 'error') =>
    (
      await queryAuditEvents(
        ctx.store,
        { action: 'rolesanywhere:CreateSession', outcome, principal: x509Subject },
        { maxResults: FAILURES_SHOWN },
      )
    ).events.filter((e) => e.principal === x509Subject);
  const events: AuditEventRecord[] = [...(await read('denied')), ...(await read('error'))]
    .sort((a, b) => b.time.localeCompare(a.time))
    .slice(0, FAILURES_SHOWN);
  const rows = events.map(
    (e) =>
      html`<tr><td>${time(e.time)}</td><td><span class="badge bad">${e.errorType ?? e.outcome}</span></td><td class="wrap">${e.reason ?? '—'}</td><td class="mono wrap">${e.certificate?.serialNumber ?? '—'}</td><td class="mono">${e.sourceAddress ?? ''}</td></tr>`,
  );
  return html`${table(['Time', 'Refusal', 'Reason', 'Certificate serial', 'From'], rows, 'No failed attempts in the audit trail.')}
<p><a href="${href(['audit'], { principal: x509Subject })}">All of this subject's records in the audit trail</a></p>`;
}

async function detail(ctx: PageContext) {
  const subject = (await ctx.call('rolesanywhere', 'GetSubject', { subjectId: ctx.params.id ?? '' }))
    .subject as Record<string, unknown>;
  const dn = str(subject.x509Subject);
  const credentials = ((subject.credentials as Credential[] | undefined) ?? [])
    .slice()
    .sort((a, b) => b.seenAt.localeCompare(a.seenAt));
  const properties = (
    (subject.instanceProperties as
      | { seenAt: string; properties: Record<string, string>; failed: boolean }[]
      | undefined) ?? []
  )
    .slice()
    .sort((a, b) => b.seenAt.localeCompare(a.seenAt));
  return page(
    `Subject ${dn}`,
    html`<h1>Subject</h1>
<div class="card">
<dl class="facts">
<dt>Certificate subject</dt><dd class="wrap">${dn}</dd>
<dt>Status</dt><dd>${enabledBadge(subject.enabled === true)}</dd>
<dt>ARN</dt><dd class="mono">${str(subject.subjectArn)}</dd>
<dt>Last seen</dt><dd>${time(str(subject.lastSeenAt))}</dd>
<dt>First seen</dt><dd>${time(str(subject.createdAt))}</dd>
</dl>
</div>
<section class="card"><h2>Certificates</h2>
${table(
  ['Serial', 'Issuer', 'Last used', 'Expires', 'Last attempt'],
  credentials.map(
    (c) =>
      html`<tr><td class="mono wrap">${c.serialNumber}</td><td class="wrap">${c.issuer}</td><td>${time(c.seenAt)}</td><td>${expiry(c.x509CertificateData, ctx.now)}</td><td>${outcomeBadge(c.failed)}</td></tr>`,
  ),
  'No certificate recorded.',
)}</section>
<section class="card"><h2>Instance properties</h2>
<p class="hint muted">What the workload said about itself in CreateSession (instanceProperties).</p>
${table(
  ['Seen', 'Properties', 'Attempt'],
  properties.map(
    (p) =>
      html`<tr><td>${time(p.seenAt)}</td><td class="mono wrap">${Object.entries(p.properties).map(
        ([k, v]) => html`${k}=${v}<br>`,
      )}</td><td>${outcomeBadge(p.failed)}</td></tr>`,
  ),
  'None reported.',
)}</section>
<section class="card"><h2>Failed attempts</h2>${await failures(ctx, dn)}</section>
<p><a href="/console/subjects">All subjects</a></p>`,
  );
}

export const subjectsPage: ConsolePage = {
  nav: { label: 'Subjects', path: '/subjects' },
  routes: [get('/subjects', list), get('/subjects/:id', detail)],
};
