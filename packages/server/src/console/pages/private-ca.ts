/**
 * The private CA: the list of certificate authorities with status and expiry, and creating a root
 * CA the way `anchorage ca create` does (CreateCertificateAuthority → its CSR → IssueCertificate
 * on itself with the root template → ImportCertificateAuthorityCertificate), through the same
 * flow code. The CA detail, downloads and revocation are in `private-ca-detail.ts`; issuing is in
 * `private-ca-issue.ts`.
 */
import type { CaKeyAlgorithm } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import { CA_KEY_ALGORITHMS, createCertificateAuthority } from '../../client/private-ca.ts';
import type { FormFields } from '../form-body.ts';
import {
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  items,
  NO_ERRORS,
  selectField,
  textArea,
  textField,
  wholeNumber,
} from '../forms.ts';
import { href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { arnTail, caName, expiryBadge, listCertificateAuthorities, str, table, time } from './parts.ts';
import { privateCaDetailRoutes } from './private-ca-detail.ts';
import { privateCaIssueRoutes } from './private-ca-issue.ts';
import { caClient, caStatusBadge, subjectProblem } from './private-ca-parts.ts';

const DEFAULT_KEY: CaKeyAlgorithm = 'EC_prime256v1';

async function list(ctx: PageContext) {
  const { items: cas } = await listCertificateAuthorities(ctx);
  const rows = cas.map((ca) => {
    const notAfter = str(ca.NotAfter);
    const config = ca.CertificateAuthorityConfiguration as { KeyAlgorithm?: string } | undefined;
    return html`<tr><td><a href="${href(['private-ca', arnTail(str(ca.Arn))])}">${caName(ca)}</a></td><td>${str(ca.Type).toLowerCase()}</td><td>${caStatusBadge(str(ca.Status))}</td><td class="mono">${config?.KeyAlgorithm ?? ''}</td><td>${
      notAfter === ''
        ? html`<span class="muted">—</span>`
        : html`${time(notAfter)} ${expiryBadge(notAfter, ctx.now)}`
    }</td></tr>`;
  });
  return page(
    'Private CA',
    html`<h1>Private CA</h1>
<p class="lead">Certificate authorities Anchorage runs itself. Issue your workloads' certificates here, and make a trust anchor of the CA: its revocations then apply at once.</p>
<div class="actions"><a class="button" href="/console/private-ca/new">Create root CA</a></div>
${table(['Name', 'Type', 'Status', 'Key', 'Expires'], rows, 'No certificate authorities yet. Create a root CA to start.')}`,
  );
}

async function createForm(ctx: PageContext, values: FormFields | undefined, errors: FormErrors) {
  return page(
    'Create root CA',
    html`<h1>Create a root CA</h1>
<p class="lead">A new CA with its own key, which never leaves the server (it is stored sealed).</p>
${errorSummary(errors)}
<form class="stack card" method="post" action="/console/private-ca/new">
${csrfInput(ctx.csrfToken)}
${textField({ name: 'subject', label: 'Subject', required: true, value: values?.text('subject') ?? '', hint: 'A distinguished name with one of each attribute; for example: CN=Example Root CA,O=Example', errors })}
${selectField({
  name: 'keyAlgorithm',
  label: 'Key algorithm',
  required: true,
  choices: CA_KEY_ALGORITHMS.map((k) => ({ value: k, label: k })),
  selected: [values?.text('keyAlgorithm') || DEFAULT_KEY],
  hint: 'EC_prime256v1 is fast and widely supported; RSA_4096 takes a few seconds to generate.',
  errors,
})}
${textField({ name: 'validityDays', label: 'Validity (days)', type: 'number', required: true, min: 1, max: 36500, value: values?.text('validityDays') ?? '3650', hint: 'How long the CA certificate is valid; certificates it issues end with it at the latest.', errors })}
${textField({ name: 'pathLength', label: 'Path length', type: 'number', min: 0, max: 3, value: values?.text('pathLength') ?? '', hint: 'How many subordinate CAs may follow below this one (0 to 3); leave empty for no limit.', errors })}
${textArea({ name: 'permittedDns', label: 'Permitted DNS names', value: values?.text('permittedDns') ?? '', rows: 3, placeholder: 'example.com', hint: 'Name constraints: certificates below this CA may name only these DNS domains. One per line or separated by commas.', errors })}
<div class="actions"><button type="submit">Create CA</button><a class="button secondary" href="/console/private-ca">Cancel</a></div>
</form>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function create(ctx: PageContext) {
  const form = ctx.form;
  const subject = form.text('subject').trim();
  const keyAlgorithm = form.text('keyAlgorithm');
  const validity = wholeNumber(form.text('validityDays'), 1, 36500);
  const pathText = form.text('pathLength').trim();
  const pathLength = pathText === '' ? undefined : wholeNumber(pathText, 0, 3);
  const problems = fieldErrors({
    subject: subjectProblem(subject, true),
    keyAlgorithm: (CA_KEY_ALGORITHMS as readonly string[]).includes(keyAlgorithm)
      ? undefined
      : 'Choose a key algorithm.',
    validityDays: typeof validity === 'string' ? validity : undefined,
    pathLength: typeof pathLength === 'string' ? pathLength : undefined,
  });
  if (problems !== undefined || typeof validity === 'string' || typeof pathLength === 'string') {
    return createForm(ctx, form, problems ?? NO_ERRORS);
  }
  try {
    const created = await createCertificateAuthority(caClient(ctx), {
      type: 'ROOT',
      keyAlgorithm: keyAlgorithm as CaKeyAlgorithm,
      subject,
      validityDays: validity,
      ...(pathLength === undefined ? {} : { pathLength }),
      permittedDns: items(form.text('permittedDns')),
    });
    return redirect(`${href(['private-ca', arnTail(created.arn)])}?notice=created`);
  } catch (error) {
    if (!(error instanceof AnchorageError) || error.fault !== 'client') throw error;
    return createForm(
      ctx,
      form,
      errorsFrom(error, { Subject: 'subject', KeyAlgorithm: 'keyAlgorithm', Validity: 'validityDays' }),
    );
  }
}

export const privateCaPage: ConsolePage = {
  nav: { label: 'Private CA', path: '/private-ca' },
  routes: [
    get('/private-ca', list),
    get('/private-ca/new', (ctx) => createForm(ctx, undefined, NO_ERRORS)),
    post('/private-ca/new', create),
    ...privateCaIssueRoutes,
    ...privateCaDetailRoutes,
  ],
};
