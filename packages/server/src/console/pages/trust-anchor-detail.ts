/**
 * One trust anchor: its facts, its CA certificates with their expiry (from the bundle, or from
 * the built-in CA it names), enable/disable, delete (after a confirmation page), and its CRLs
 * with the import form (the CRL actions are in `trust-anchor-crls.ts`).
 */
import type { FormFields } from '../form-body.ts';
import {
  checkbox,
  checked,
  confirmPage,
  csrfInput,
  enableOrDisable,
  errorSummary,
  type FormErrors,
  fileField,
  NO_ERRORS,
  textArea,
  textField,
} from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { get, type PageContext, page, post, type Route, redirect } from '../page.ts';
import { certificateRows, certificatesOf, enabledBadge, listAll, str, table, time } from './parts.ts';

export interface CrlFormState {
  readonly values: FormFields | undefined;
  readonly errors: FormErrors;
}

const NO_CRL_FORM: CrlFormState = { values: undefined, errors: NO_ERRORS };

async function caCertificates(
  ctx: PageContext,
  source: { sourceType?: string; sourceData?: Record<string, string> },
): Promise<Html> {
  if (source.sourceType === 'CERTIFICATE_BUNDLE') {
    const certs = certificatesOf(source.sourceData?.x509CertificateData ?? '');
    return table(
      ['Subject', 'Issuer', 'Serial', 'Expires'],
      certificateRows(certs, ctx.now),
      'No readable certificate.',
    );
  }
  const arn = source.sourceData?.acmPcaArn ?? '';
  const described = await ctx.attempt('acm-pca', 'GetCertificateAuthorityCertificate', {
    CertificateAuthorityArn: arn,
  });
  const intro = html`<p>Built-in private CA <code>${arn}</code>. Its revocations apply at once.</p>`;
  if (!described.ok) return html`${intro}<p class="alert">${described.error.message}</p>`;
  const pem = `${str(described.output.Certificate)}\n${str(described.output.CertificateChain)}`;
  return html`${intro}${table(['Subject', 'Issuer', 'Serial', 'Expires'], certificateRows(certificatesOf(pem), ctx.now), 'No certificate yet.')}`;
}

async function crlSection(
  ctx: PageContext,
  anchor: Record<string, unknown>,
  state: CrlFormState,
): Promise<Html> {
  const anchorId = str(anchor.trustAnchorId);
  const isBundle =
    (anchor.source as { sourceType?: string } | undefined)?.sourceType === 'CERTIFICATE_BUNDLE';
  const listed = await ctx.attempt('rolesanywhere', 'ListCrls', { pageSize: 100 });
  let crls: Html;
  if (!listed.ok) {
    crls = html`<p class="alert">${listed.error.message}</p>`;
  } else {
    const all = await listAll(
      async (nextToken) =>
        nextToken === undefined
          ? listed.output
          : ctx.call('rolesanywhere', 'ListCrls', { pageSize: 100, nextToken }),
      'crls',
      'nextToken',
    );
    const mine = all.items.filter((c) => c.trustAnchorArn === anchor.trustAnchorArn);
    crls = table(
      ['Name', 'Status', 'Imported', 'Actions'],
      mine.map((c) => {
        const base = ['trust-anchors', anchorId, 'crls', str(c.crlId)];
        return html`<tr><td>${str(c.name)}</td><td>${enabledBadge(c.enabled === true)}</td><td>${time(str(c.createdAt))}</td><td><div class="actions">${enableOrDisable({ enabled: c.enabled === true, base: href(base), csrfToken: ctx.csrfToken })}<a class="button danger" href="${href([...base, 'delete'])}">Delete…</a></div></td></tr>`;
      }),
      'No CRLs imported for this trust anchor.',
    );
  }
  const v = state.values;
  const importForm = isBundle
    ? html`<h3>Import a CRL</h3>
${errorSummary(state.errors)}
<form class="stack" method="post" action="${href(['trust-anchors', anchorId, 'crls'])}" enctype="multipart/form-data">
${csrfInput(ctx.csrfToken)}
${textField({ name: 'crlName', label: 'Name', required: true, value: v?.text('crlName') ?? '', hint: 'For example: corp-root-crl', errors: state.errors })}
${textArea({ name: 'crlPem', label: 'CRL (PEM)', when: 'or a file below', value: v?.text('crlPem') ?? '', rows: 5, placeholder: '-----BEGIN X509 CRL-----', hint: 'Signed by a CA certificate of this anchor. Paste it, or choose a file below.', errors: state.errors })}
${fileField({ name: 'crlFile', label: 'or upload a PEM or DER file', when: 'instead of pasting', accept: '.pem,.crl,.der', errors: state.errors })}
${checkbox({ name: 'crlEnabled', label: 'Enforce it now', checked: v === undefined ? true : checked(v.text('crlEnabled')), hint: 'An imported CRL is not checked until enabled.' })}
<div class="actions"><button type="submit">Import CRL</button></div>
</form>`
    : html`<p class="muted">The built-in CA keeps its own CRL: revoke a certificate on the <a href="/console/private-ca">Private CA</a> page (or with <code>anchorage ca revoke</code>) and CreateSession refuses it at once.</p>`;
  return html`${crls}${importForm}`;
}

/** The detail page; the CRL form state is passed when an import failed. */
export async function detailPage(ctx: PageContext, crlState: CrlFormState = NO_CRL_FORM) {
  const id = ctx.params.id ?? '';
  const anchor = (await ctx.call('rolesanywhere', 'GetTrustAnchor', { trustAnchorId: id }))
    .trustAnchor as Record<string, unknown>;
  const source = (anchor.source ?? {}) as { sourceType?: string; sourceData?: Record<string, string> };
  const enabled = anchor.enabled === true;
  return page(
    `Trust anchor ${str(anchor.name)}`,
    html`<h1>Trust anchor ${str(anchor.name)}</h1>
<div class="card">
<dl class="facts">
<dt>Status</dt><dd>${enabledBadge(enabled)}</dd>
<dt>ARN</dt><dd class="mono">${str(anchor.trustAnchorArn)}</dd>
<dt>Source</dt><dd>${source.sourceType === 'AWS_ACM_PCA' ? 'Built-in private CA' : 'Certificate bundle'}</dd>
<dt>Created</dt><dd>${time(str(anchor.createdAt))}</dd>
<dt>Updated</dt><dd>${time(str(anchor.updatedAt))}</dd>
</dl>
<div class="actions">
${enableOrDisable({ enabled, base: href(['trust-anchors', id]), csrfToken: ctx.csrfToken })}
<a class="button danger" href="${href(['trust-anchors', id, 'delete'])}">Delete…</a>
</div>
</div>
<section class="card"><h2>CA certificates</h2>${await caCertificates(ctx, source)}</section>
<section class="card"><h2>Certificate revocation lists</h2>${await crlSection(ctx, anchor, crlState)}</section>
<p><a href="/console/trust-anchors">All trust anchors</a></p>`,
    crlState === NO_CRL_FORM ? undefined : 400,
  );
}

const setEnabled =
  (operation: 'EnableTrustAnchor' | 'DisableTrustAnchor', notice: string) => async (ctx: PageContext) => {
    const id = ctx.params.id ?? '';
    await ctx.call('rolesanywhere', operation, { trustAnchorId: id });
    return redirect(`${href(['trust-anchors', id])}?notice=${notice}`);
  };

async function confirmDisable(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const anchor = (await ctx.call('rolesanywhere', 'GetTrustAnchor', { trustAnchorId: id }))
    .trustAnchor as Record<string, unknown>;
  return page(
    'Disable trust anchor',
    confirmPage({
      question: `Disable trust anchor ${str(anchor.name)}?`,
      consequence:
        'Workloads whose certificates chain to it get no new credentials until it is enabled again.',
      action: href(['trust-anchors', id, 'disable']),
      confirmLabel: 'Disable trust anchor',
      cancelHref: href(['trust-anchors', id]),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function confirmDelete(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const anchor = (await ctx.call('rolesanywhere', 'GetTrustAnchor', { trustAnchorId: id }))
    .trustAnchor as Record<string, unknown>;
  return page(
    'Delete trust anchor',
    confirmPage({
      question: `Delete trust anchor ${str(anchor.name)}?`,
      consequence:
        'Workloads whose certificates chain to it can no longer get credentials. This cannot be undone.',
      action: href(['trust-anchors', id, 'delete']),
      confirmLabel: 'Delete trust anchor',
      cancelHref: href(['trust-anchors', id]),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function remove(ctx: PageContext) {
  await ctx.call('rolesanywhere', 'DeleteTrustAnchor', { trustAnchorId: ctx.params.id ?? '' });
  return redirect('/console/trust-anchors?notice=deleted');
}

export const trustAnchorDetailRoutes: readonly Route[] = [
  get('/trust-anchors/:id', (ctx) => detailPage(ctx)),
  post('/trust-anchors/:id/enable', setEnabled('EnableTrustAnchor', 'enabled')),
  get('/trust-anchors/:id/disable', confirmDisable),
  post('/trust-anchors/:id/disable', setEnabled('DisableTrustAnchor', 'disabled')),
  get('/trust-anchors/:id/delete', confirmDelete),
  post('/trust-anchors/:id/delete', remove),
];
