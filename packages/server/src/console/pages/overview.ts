/**
 * The overview: how many of each resource there are, the latest CreateSession successes and
 * failures from the audit trail, and the CA certificates (of trust anchors and of the private CA)
 * that expire within 45 days or have expired. Each part is read as the signed-in caller: what the
 * caller may not list shows as "not permitted", not as an error page.
 */
import type { AuditEventRecord, AuditOutcome } from '@anchorage/core/audit/records';
import { AnchorageError } from '@anchorage/core/errors';
import { queryAuditEvents } from '../../audit/query-audit.ts';
import { type Html, href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page } from '../page.ts';
import {
  arnTail,
  caName,
  certificatesOf,
  daysUntil,
  EXPIRY_WARNING_DAYS,
  expiryBadge,
  listCertificateAuthorities,
  listProfiles,
  listRoles,
  listSubjects,
  listTrustAnchors,
  str,
  table,
  time,
} from './parts.ts';

/** The permission a non-administrator needs to see the audit trail here, as for `GET /audit/events`. */
export const AUDIT_READ_ACTION = 'rolesanywhere:ListAuditEvents';
const CREATE_SESSION = 'rolesanywhere:CreateSession';
const RECENT_SHOWN = 10;

type Counted = { readonly count: number; readonly complete: boolean } | 'denied';

/** Runs a read; an AccessDenied becomes 'denied' so one forbidden part does not hide the others. */
async function permitted<T>(read: () => Promise<T>): Promise<T | 'denied'> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AnchorageError && error.code === 'AccessDeniedException') return 'denied';
    throw error;
  }
}

async function count(read: () => Promise<{ items: unknown[]; complete: boolean }>): Promise<Counted> {
  const result = await permitted(read);
  return result === 'denied' ? 'denied' : { count: result.items.length, complete: result.complete };
}

function countCard(label: string, counted: Counted, link: string | undefined): Html {
  const value =
    counted === 'denied'
      ? html`<b title="Your policies do not allow listing these">—</b><span class="muted">not permitted</span>`
      : html`<b>${counted.count}${counted.complete ? '' : '+'}</b>`;
  return html`<div class="count">${link === undefined ? html`<span>${label}</span>` : html`<a href="${link}">${label}</a>`}${value}</div>`;
}

function activity(events: readonly AuditEventRecord[], kind: 'successes' | 'failures'): Html {
  const rows = events.map(
    (e) =>
      html`<tr><td>${time(e.time)}</td><td class="wrap">${e.principal ?? e.certificate?.subject ?? '—'}</td><td class="wrap">${
        kind === 'successes'
          ? (e.assumedRoleArn ?? e.resources.find((r) => r.includes(':role/')) ?? '—')
          : html`<span class="badge bad">${e.errorType ?? e.outcome}</span> ${e.reason ?? ''}`
      }</td><td class="mono">${e.sourceAddress ?? ''}</td></tr>`,
  );
  return table(
    ['Time', 'Certificate subject', kind === 'successes' ? 'Session' : 'Why it failed', 'From'],
    rows,
    `No ${kind === 'successes' ? 'successful' : 'failed'} CreateSession yet.`,
  );
}

interface Expiring {
  readonly what: Html;
  readonly subject: string;
  readonly notAfter: string;
}

async function expiring(ctx: PageContext): Promise<Expiring[] | 'denied'> {
  const anchors = await permitted(() => listTrustAnchors(ctx));
  const cas = await permitted(() => listCertificateAuthorities(ctx));
  if (anchors === 'denied' && cas === 'denied') return 'denied';
  const found: Expiring[] = [];
  const soon = (notAfter: string) => daysUntil(notAfter, ctx.now) <= EXPIRY_WARNING_DAYS;
  for (const anchor of anchors === 'denied' ? [] : anchors.items) {
    const source = anchor.source as
      | { sourceType?: string; sourceData?: { x509CertificateData?: string } }
      | undefined;
    if (source?.sourceType !== 'CERTIFICATE_BUNDLE') continue;
    for (const cert of certificatesOf(source.sourceData?.x509CertificateData ?? '')) {
      if (!soon(cert.notAfter)) continue;
      found.push({
        what: html`Trust anchor <a href="${href(['trust-anchors', str(anchor.trustAnchorId)])}">${str(anchor.name)}</a>`,
        subject: cert.subject,
        notAfter: cert.notAfter,
      });
    }
  }
  for (const ca of cas === 'denied' ? [] : cas.items) {
    const notAfter = str(ca.NotAfter);
    if (notAfter === '' || !soon(notAfter) || ca.Status === 'DELETED') continue;
    found.push({
      what: html`Private CA <a href="${href(['private-ca', arnTail(str(ca.Arn))])}">${caName(ca)}</a>`,
      subject: caName(ca),
      notAfter,
    });
  }
  return found.sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter));
}

async function overview(ctx: PageContext) {
  const [anchors, profiles, roles, subjects, cas] = await Promise.all([
    count(() => listTrustAnchors(ctx)),
    count(() => listProfiles(ctx)),
    count(() => listRoles(ctx)),
    count(() => listSubjects(ctx)),
    count(() => listCertificateAuthorities(ctx)),
  ]);

  let recent: Html;
  if (await ctx.allowed(AUDIT_READ_ACTION, '*')) {
    // The audit API's own query (newest first, bounded scans), in process.
    const latest = async (outcome: AuditOutcome) =>
      (await queryAuditEvents(ctx.store, { action: CREATE_SESSION, outcome }, { maxResults: RECENT_SHOWN }))
        .events;
    const [successes, denied, errors] = await Promise.all([
      latest('allowed'),
      latest('denied'),
      latest('error'),
    ]);
    const failures = [...denied, ...errors]
      .sort((a, b) => b.time.localeCompare(a.time))
      .slice(0, RECENT_SHOWN);
    recent =
      successes.length === 0 && failures.length === 0
        ? html`<p class="muted">No activity yet: no workload has called CreateSession.</p>`
        : html`<h3>Successes</h3>${activity(successes, 'successes')}<h3>Failures</h3>${activity(failures, 'failures')}`;
  } else {
    recent = html`<p class="muted">Not permitted: your policies do not allow ${AUDIT_READ_ACTION}.</p>`;
  }

  const near = await expiring(ctx);
  const expiry =
    near === 'denied'
      ? html`<p class="muted">Not permitted: your policies allow listing neither trust anchors nor CAs.</p>`
      : table(
          ['Where', 'Certificate', 'Expires'],
          near.map(
            (e) =>
              html`<tr><td>${e.what}</td><td class="wrap">${e.subject}</td><td>${time(e.notAfter)} ${expiryBadge(e.notAfter, ctx.now)}</td></tr>`,
          ),
          `No CA certificate expires within ${EXPIRY_WARNING_DAYS} days.`,
        );

  return page(
    'Overview',
    html`<h1>Overview</h1>
<section class="counts" aria-label="Resources">
${countCard('Trust anchors', anchors, '/console/trust-anchors')}
${countCard('Profiles', profiles, '/console/profiles')}
${countCard('Roles', roles, '/console/roles')}
${countCard('Subjects', subjects, '/console/subjects')}
${countCard('Certificate authorities', cas, '/console/private-ca')}
</section>
<section class="card" aria-labelledby="recent"><h2 id="recent">Recent CreateSession activity</h2>${recent}</section>
<section class="card" aria-labelledby="expiry"><h2 id="expiry">Certificates near expiry</h2>
<p class="hint muted">CA certificates of trust anchors and of the private CA that expire within ${EXPIRY_WARNING_DAYS} days, or have expired.</p>
${expiry}</section>
<section class="card"><h2>Get started</h2>
<ol>
<li><a href="/console/trust-anchors/new">Create a trust anchor</a>: the CA whose certificates your workloads hold.</li>
<li><a href="/console/roles/new">Create a role</a> that trusts it, with the permissions the workloads need.</li>
<li><a href="/console/profiles/new">Create a profile</a> that lets the anchor's certificates take the role.</li>
<li>Check what the role may do with the <a href="/console/simulator">policy simulator</a>.</li>
</ol></section>`,
  );
}

export const overviewPage: ConsolePage = {
  nav: { label: 'Overview', path: '/' },
  routes: [get('/', overview)],
};
