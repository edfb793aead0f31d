/**
 * One certificate authority: its facts, downloads of its certificate (with chain) and its current
 * CRL, and the certificates it issued — each downloadable, and revocable after a confirmation page
 * that asks for the reason. The issued list is read from the store in process, for callers allowed
 * `acm-pca:DescribeCertificateAuthority` on the CA (AWS lists them only through audit reports).
 */
import { X509Certificate } from 'node:crypto';
import type { IssuedCertificateRecord } from '@anchorage/core/acm-pca/records';
import { certificateArn } from '../../acm-pca/arns.ts';
import { csrfInput, errorSummary, errorsFrom, type FormErrors, NO_ERRORS, selectField } from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { get, type PageContext, type PageResult, page, post, type Route, redirect } from '../page.ts';
import { caName, expiryBadge, str, table, time } from './parts.ts';
import { caArnOf, caStatusBadge, serialText } from './private-ca-parts.ts';

const REASONS = [
  ['UNSPECIFIED', 'Unspecified'],
  ['KEY_COMPROMISE', 'Key compromise'],
  ['SUPERSEDED', 'Superseded'],
  ['AFFILIATION_CHANGED', 'Affiliation changed'],
  ['CESSATION_OF_OPERATION', 'Cessation of operation'],
  ['PRIVILEGE_WITHDRAWN', 'Privilege withdrawn'],
  ['CERTIFICATE_AUTHORITY_COMPROMISE', 'CA compromise'],
  ['A_A_COMPROMISE', 'Attribute authority compromise'],
] as const;

async function describe(ctx: PageContext): Promise<Record<string, unknown>> {
  return (
    await ctx.call('acm-pca', 'DescribeCertificateAuthority', {
      CertificateAuthorityArn: caArnOf(ctx, ctx.params.id ?? ''),
    })
  ).CertificateAuthority as Record<string, unknown>;
}

function subjectOf(pem: string): string {
  try {
    return new X509Certificate(pem).subject.split('\n').reverse().join(', ');
  } catch {
    return '';
  }
}

function issuedRow(ctx: PageContext, id: string, c: IssuedCertificateRecord, caSerial: string): Html {
  const base = ['private-ca', id, 'certificates', c.serial];
  const own = serialText(c.serial) === caSerial;
  const status =
    c.revokedAt !== undefined
      ? html`<span class="badge bad">revoked</span> <span class="muted">${c.revocationReason ?? ''} ${time(c.revokedAt)}</span>`
      : html`${expiryBadge(c.notAfter, ctx.now)}`;
  const actions = html`<div class="actions"><a class="button secondary" href="${href(base)}">Download</a>${
    own || c.revokedAt !== undefined
      ? ''
      : html`<a class="button danger" href="${href([...base, 'revoke'])}">Revoke…</a>`
  }</div>`;
  return html`<tr><td class="mono wrap">${c.serial}</td><td class="wrap">${own ? html`<span class="muted">(the CA's own certificate)</span> ` : ''}${subjectOf(c.certificatePem)}</td><td>${time(c.issuedAt)}</td><td>${time(c.notAfter)}</td><td>${status}</td><td>${actions}</td></tr>`;
}

async function issued(ctx: PageContext, arn: string, caSerial: string): Promise<Html> {
  if (!(await ctx.allowed('acm-pca:DescribeCertificateAuthority', arn))) {
    return html`<p class="muted">Not permitted: your policies do not allow acm-pca:DescribeCertificateAuthority on this CA.</p>`;
  }
  const records = [...(await ctx.store.issuedCertificates.listByCertificateAuthority(arn))].reverse();
  return table(
    ['Serial', 'Subject', 'Issued', 'Expires', 'Status', 'Actions'],
    records.map((c) => issuedRow(ctx, ctx.params.id ?? '', c, caSerial)),
    'No certificates issued yet.',
  );
}

async function detail(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const ca = await describe(ctx);
  const arn = str(ca.Arn);
  const status = str(ca.Status);
  const config = (ca.CertificateAuthorityConfiguration ?? {}) as Record<string, unknown>;
  const notAfter = str(ca.NotAfter);
  return page(
    `Private CA ${caName(ca)}`,
    html`<h1>Private CA ${caName(ca)}</h1>
<div class="card">
<dl class="facts">
<dt>Status</dt><dd>${caStatusBadge(status)}</dd>
<dt>ARN</dt><dd class="mono">${arn}</dd>
<dt>Type</dt><dd>${str(ca.Type).toLowerCase()}</dd>
<dt>Key</dt><dd class="mono">${str(config.KeyAlgorithm)} · ${str(config.SigningAlgorithm)}</dd>
<dt>Serial</dt><dd class="mono">${str(ca.Serial) || '—'}</dd>
<dt>Valid</dt><dd>${time(str(ca.NotBefore) || undefined)} to ${time(notAfter || undefined)} ${notAfter === '' ? '' : expiryBadge(notAfter, ctx.now)}</dd>
<dt>Created</dt><dd>${time(str(ca.CreatedAt))}</dd>
</dl>
<div class="actions">
${status === 'ACTIVE' ? html`<a class="button" href="${href(['private-ca', id, 'issue'])}">Issue certificate</a>` : ''}
${notAfter === '' ? '' : html`<a class="button secondary" href="${href(['private-ca', id, 'certificate'])}">Download CA certificate</a>`}
${notAfter === '' ? '' : html`<a class="button secondary" href="${href(['private-ca', id, 'crl'])}">Download CRL</a>`}
<a class="button secondary" href="/console/trust-anchors/new">Make a trust anchor of it</a>
</div>
</div>
<section class="card"><h2>Issued certificates</h2>${await issued(ctx, arn, serialText(str(ca.Serial)))}</section>
<p><a href="/console/private-ca">All certificate authorities</a></p>`,
  );
}

async function caCertificate(ctx: PageContext): Promise<PageResult> {
  const out = await ctx.call('acm-pca', 'GetCertificateAuthorityCertificate', {
    CertificateAuthorityArn: caArnOf(ctx, ctx.params.id ?? ''),
  });
  const chain = str(out.CertificateChain);
  return {
    kind: 'download',
    filename: `ca-${ctx.params.id}.pem`,
    contentType: 'application/x-pem-file',
    body: `${str(out.Certificate).trim()}\n${chain === '' ? '' : `${chain.trim()}\n`}`,
  };
}

async function crl(ctx: PageContext): Promise<PageResult> {
  const out = await ctx.call('acm-pca', 'GetCertificateAuthorityCrl', {
    CertificateAuthorityArn: caArnOf(ctx, ctx.params.id ?? ''),
  });
  return {
    kind: 'download',
    filename: `ca-${ctx.params.id}.crl.pem`,
    contentType: 'application/x-pem-file',
    body: str(out.Crl),
  };
}

async function issuedCertificate(ctx: PageContext): Promise<PageResult> {
  const arn = caArnOf(ctx, ctx.params.id ?? '');
  const serial = serialText(ctx.params.serial ?? '');
  const out = await ctx.call('acm-pca', 'GetCertificate', {
    CertificateAuthorityArn: arn,
    CertificateArn: certificateArn(arn, serial.toLowerCase()),
  });
  return {
    kind: 'download',
    filename: `certificate-${serial}.pem`,
    contentType: 'application/x-pem-file',
    body: `${str(out.Certificate).trim()}\n`,
  };
}

async function revokeForm(ctx: PageContext, errors: FormErrors = NO_ERRORS) {
  const id = ctx.params.id ?? '';
  const serial = serialText(ctx.params.serial ?? '');
  const ca = await describe(ctx);
  const action = href(['private-ca', id, 'certificates', serial, 'revoke']);
  return page(
    'Revoke certificate',
    html`<h1>Revoke certificate ${serial}?</h1>
${errorSummary(errors)}
<div class="card">
<p>Issued by ${caName(ca)}. The CA's CRL lists it at once, and CreateSession refuses it from then on through any trust anchor on this CA. This cannot be undone.</p>
<form class="stack" method="post" action="${action}">
${csrfInput(ctx.csrfToken)}
${selectField({
  name: 'reason',
  label: 'Reason',
  required: true,
  choices: REASONS.map(([value, label]) => ({ value, label })),
  selected: [ctx.form.text('reason') || 'UNSPECIFIED'],
  hint: 'Recorded in the CRL entry.',
  errors,
})}
<div class="actions"><button type="submit" class="danger">Revoke certificate</button><a class="button secondary" href="${href(['private-ca', id])}">Cancel</a></div>
</form>
</div>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function revoke(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const result = await ctx.attempt('acm-pca', 'RevokeCertificate', {
    CertificateAuthorityArn: caArnOf(ctx, id),
    CertificateSerial: serialText(ctx.params.serial ?? ''),
    RevocationReason: ctx.form.text('reason'),
  });
  if (!result.ok) return revokeForm(ctx, errorsFrom(result.error, { RevocationReason: 'reason' }));
  return redirect(`${href(['private-ca', id])}?notice=revoked`);
}

export const privateCaDetailRoutes: readonly Route[] = [
  get('/private-ca/:id', detail),
  get('/private-ca/:id/certificate', caCertificate),
  get('/private-ca/:id/crl', crl),
  get('/private-ca/:id/certificates/:serial', issuedCertificate),
  get('/private-ca/:id/certificates/:serial/revoke', (ctx) => revokeForm(ctx)),
  post('/private-ca/:id/certificates/:serial/revoke', revoke),
];
