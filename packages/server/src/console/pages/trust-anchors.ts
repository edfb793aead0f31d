/**
 * Trust anchors: the list, and creating one from a PEM bundle (pasted or uploaded) or from the
 * built-in private CA (source AWS_ACM_PCA). Detail, enable/disable, delete and CRLs are in
 * `trust-anchor-detail.ts` and `trust-anchor-crls.ts`; all are one page of the navigation.
 */
import type { FormFields } from '../form-body.ts';
import {
  checkbox,
  checked,
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  fileField,
  NO_ERRORS,
  selectField,
  textArea,
  textField,
} from '../forms.ts';
import { href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { arnTail, caName, enabledBadge, listTrustAnchors, str, table, time } from './parts.ts';
import { trustAnchorCrlRoutes } from './trust-anchor-crls.ts';
import { trustAnchorDetailRoutes } from './trust-anchor-detail.ts';

async function list(ctx: PageContext) {
  const { items } = await listTrustAnchors(ctx);
  const rows = items.map((a) => {
    const source = a.source as { sourceType?: string } | undefined;
    return html`<tr><td><a href="${href(['trust-anchors', str(a.trustAnchorId)])}">${str(a.name)}</a></td><td>${
      source?.sourceType === 'AWS_ACM_PCA' ? 'Built-in private CA' : 'Certificate bundle'
    }</td><td>${enabledBadge(a.enabled === true)}</td><td>${time(str(a.createdAt))}</td></tr>`;
  });
  return page(
    'Trust anchors',
    html`<h1>Trust anchors</h1>
<p class="lead">A trust anchor is a CA your workloads' certificates chain to. CreateSession accepts only certificates that validate to an enabled anchor.</p>
<div class="actions"><a class="button" href="/console/trust-anchors/new">Create trust anchor</a></div>
${table(['Name', 'Source', 'Status', 'Created'], rows, 'No trust anchors yet. Create one to start.')}`,
  );
}

interface CreateState {
  readonly values: FormFields | undefined;
  readonly errors: FormErrors;
}

/** PEM as given; a DER upload is wrapped as PEM (the API takes PEM bundles). */
export function pemOf(text: string, upload: Buffer | undefined): string {
  if (upload === undefined) return text.trim();
  const asText = upload.toString('utf8');
  if (asText.includes('-----BEGIN')) return asText.trim();
  const body = upload
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
}

async function createForm(ctx: PageContext, state: CreateState) {
  const cas = await ctx.attempt('acm-pca', 'ListCertificateAuthorities', { MaxResults: 100 });
  const usable = cas.ok
    ? ((cas.output.CertificateAuthorities as Record<string, unknown>[] | undefined) ?? []).filter(
        (ca) => ca.Status === 'ACTIVE',
      )
    : [];
  const v = state.values;
  const sourceType = v?.text('sourceType') || (usable.length > 0 ? 'AWS_ACM_PCA' : 'CERTIFICATE_BUNDLE');
  const caChoices = usable.map((ca) => ({
    value: str(ca.Arn),
    label: `${caName(ca)} (${arnTail(str(ca.Arn)).slice(0, 8)}…)`,
  }));
  return page(
    'Create trust anchor',
    html`<h1>Create a trust anchor</h1>
<p class="lead">Tell Anchorage which CA issues your workloads' certificates.</p>
${errorSummary(state.errors)}
<form class="stack card" method="post" action="/console/trust-anchors/new" enctype="multipart/form-data">
${csrfInput(ctx.csrfToken)}
${textField({
  name: 'name',
  label: 'Name',
  required: true,
  value: v?.text('name') ?? '',
  hint: 'Letters, digits, spaces, - and _; for example: corp-root-ca',
  errors: state.errors,
})}
<fieldset><legend>Where the CA comes from</legend>
<label class="check"><input type="radio" name="sourceType" value="AWS_ACM_PCA"${sourceType === 'AWS_ACM_PCA' ? html` checked` : ''}${
      caChoices.length === 0 ? html` disabled` : ''
    }> The built-in private CA${caChoices.length === 0 ? html` <span class="muted">(none active yet: <a href="/console/private-ca/new">create one</a>)</span>` : ''}</label>
${
  caChoices.length === 0
    ? ''
    : selectField({
        name: 'acmPcaArn',
        label: 'Certificate authority',
        required: true,
        choices: caChoices,
        selected: [v?.text('acmPcaArn') ?? ''],
        hint: 'Revocations by this CA apply at once; no CRL import needed.',
        errors: state.errors,
      })
}
<label class="check"><input type="radio" name="sourceType" value="CERTIFICATE_BUNDLE"${sourceType === 'CERTIFICATE_BUNDLE' ? html` checked` : ''}> Your own CA certificates (PEM)</label>
${textArea({
  name: 'pem',
  label: 'CA certificates (PEM)',
  when: 'for your own CA',
  value: v?.text('pem') ?? '',
  rows: 6,
  placeholder: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----',
  hint: 'One to ten CA certificates (basicConstraints CA:TRUE, keyCertSign). Paste them, or choose a file below.',
  errors: state.errors,
})}
${fileField({ name: 'pemFile', label: 'or upload a PEM or DER file', when: 'instead of pasting', accept: '.pem,.crt,.cer,.der', errors: state.errors })}
</fieldset>
${checkbox({ name: 'enabled', label: 'Enable now', checked: v === undefined ? true : checked(v.text('enabled')), hint: 'A disabled anchor trusts nothing.' })}
<div class="actions"><button type="submit">Create trust anchor</button><a class="button secondary" href="/console/trust-anchors">Cancel</a></div>
</form>`,
    state.errors === NO_ERRORS ? undefined : 400,
  );
}

async function create(ctx: PageContext) {
  const form = ctx.form;
  const sourceType = form.text('sourceType');
  const name = form.text('name').trim();
  const pem = pemOf(form.text('pem'), form.file('pemFile')?.data);
  const missing = fieldErrors({
    name: name === '' ? 'Enter a name.' : undefined,
    pem:
      sourceType === 'CERTIFICATE_BUNDLE' && pem === ''
        ? 'Paste the CA certificates or choose a file.'
        : undefined,
    acmPcaArn:
      sourceType === 'AWS_ACM_PCA' && form.text('acmPcaArn') === ''
        ? 'Choose a certificate authority.'
        : undefined,
  });
  if (missing !== undefined) return createForm(ctx, { values: form, errors: missing });
  const source =
    sourceType === 'AWS_ACM_PCA'
      ? { sourceType, sourceData: { acmPcaArn: form.text('acmPcaArn') } }
      : { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: pem } };
  const result = await ctx.attempt('rolesanywhere', 'CreateTrustAnchor', {
    name,
    source,
    enabled: checked(form.text('enabled')),
  });
  if (!result.ok) {
    return createForm(ctx, {
      values: form,
      errors: errorsFrom(result.error, {
        name: 'name',
        x509CertificateData: 'pem',
        acmPcaArn: 'acmPcaArn',
        sourceData: 'pem',
      }),
    });
  }
  const created = result.output.trustAnchor as Record<string, unknown>;
  return redirect(`${href(['trust-anchors', str(created.trustAnchorId)])}?notice=created`);
}

export const trustAnchorsPage: ConsolePage = {
  nav: { label: 'Trust anchors', path: '/trust-anchors' },
  routes: [
    get('/trust-anchors', list),
    get('/trust-anchors/new', (ctx) => createForm(ctx, { values: undefined, errors: NO_ERRORS })),
    post('/trust-anchors/new', create),
    ...trustAnchorDetailRoutes,
    ...trustAnchorCrlRoutes,
  ],
};
