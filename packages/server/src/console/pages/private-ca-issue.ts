/**
 * Issuing a workload certificate, as `anchorage ca issue` does and through the same flow code:
 * from a CSR the person pastes or uploads, or with a key generated on the server for them. A
 * generated key exists only in this response: it is offered once as a download (a `data:` link
 * in a page that is never cached) and never stored or logged; the certificate can be downloaded
 * again from the CA's page at any time.
 */
import type { CaKeyAlgorithm } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import { CA_KEY_ALGORITHMS, issueCertificate } from '../../client/private-ca.ts';
import type { FormFields } from '../form-body.ts';
import {
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  fileField,
  items,
  NO_ERRORS,
  selectField,
  textArea,
  textField,
  wholeNumber,
} from '../forms.ts';
import { href, html } from '../html.ts';
import { get, type PageContext, page, post, type Route } from '../page.ts';
import { caName, certificatesOf, expiryBadge, time } from './parts.ts';
import { caArnOf, caClient, serialText, subjectProblem } from './private-ca-parts.ts';

const DEFAULT_KEY: CaKeyAlgorithm = 'EC_prime256v1';
/** Workload keys: ML-DSA is for CAs that want it; CreateSession signs with RSA or ECDSA. */
const WORKLOAD_KEYS = CA_KEY_ALGORITHMS.filter((k) => k !== 'ML_DSA_65');

async function caOf(ctx: PageContext): Promise<Record<string, unknown>> {
  return (
    await ctx.call('acm-pca', 'DescribeCertificateAuthority', {
      CertificateAuthorityArn: caArnOf(ctx, ctx.params.id ?? ''),
    })
  ).CertificateAuthority as Record<string, unknown>;
}

async function issueForm(ctx: PageContext, values: FormFields | undefined, errors: FormErrors) {
  const id = ctx.params.id ?? '';
  const ca = await caOf(ctx);
  const source = values?.text('keySource') || 'generate';
  const radio = (value: string) => (source === value ? html` checked` : '');
  return page(
    'Issue certificate',
    html`<h1>Issue a certificate</h1>
<p class="lead">A workload certificate from ${caName(ca)}: digital signature and client authentication, what CreateSession needs.</p>
${errorSummary(errors)}
<form class="stack card" method="post" action="${href(['private-ca', id, 'issue'])}" enctype="multipart/form-data">
${csrfInput(ctx.csrfToken)}
<fieldset><legend>The key</legend>
<label class="check"><input type="radio" name="keySource" value="generate"${radio('generate')}> Generate a key for me <span class="muted">(you download it once; Anchorage keeps no copy)</span></label>
${textField({ name: 'subject', label: 'Subject', when: 'for a generated key', value: values?.text('subject') ?? '', hint: "The workload's distinguished name; for example: CN=web-01,O=Example", errors })}
${selectField({
  name: 'keyAlgorithm',
  label: 'Key algorithm',
  when: 'for a generated key',
  choices: WORKLOAD_KEYS.map((k) => ({ value: k, label: k })),
  selected: [values?.text('keyAlgorithm') || DEFAULT_KEY],
  errors,
})}
<label class="check"><input type="radio" name="keySource" value="csr"${radio('csr')}> From my certificate signing request <span class="muted">(the key stays with you)</span></label>
${textArea({ name: 'csrPem', label: 'CSR (PEM)', when: 'for your own key', value: values?.text('csrPem') ?? '', rows: 6, placeholder: '-----BEGIN CERTIFICATE REQUEST-----', hint: 'For example from: openssl req -new -key key.pem -subj "/CN=web-01"', errors })}
${fileField({ name: 'csrFile', label: 'or upload the CSR', when: 'instead of pasting', accept: '.pem,.csr', errors })}
</fieldset>
${textArea({ name: 'dnsNames', label: 'DNS names', value: values?.text('dnsNames') ?? '', rows: 2, placeholder: 'web-01.example.com', hint: 'Subject alternative names; one per line or separated by commas.', errors })}
${textField({ name: 'validityDays', label: 'Validity (days)', type: 'number', required: true, min: 1, max: 36500, value: values?.text('validityDays') ?? '30', hint: "Ends with the CA's own validity at the latest.", errors })}
<div class="actions"><button type="submit">Issue certificate</button><a class="button secondary" href="${href(['private-ca', id])}">Cancel</a></div>
</form>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function issue(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const form = ctx.form;
  const generate = form.text('keySource') !== 'csr';
  const subject = form.text('subject').trim();
  const upload = form.file('csrFile')?.data.toString('utf8');
  const csrPem = (upload ?? form.text('csrPem')).trim();
  const validity = wholeNumber(form.text('validityDays'), 1, 36500);
  const keyAlgorithm = form.text('keyAlgorithm') || DEFAULT_KEY;
  const problems = fieldErrors({
    subject: generate ? subjectProblem(subject, false) : undefined,
    keyAlgorithm:
      generate && !(WORKLOAD_KEYS as readonly string[]).includes(keyAlgorithm)
        ? 'Choose a key algorithm.'
        : undefined,
    csrPem: !generate && csrPem === '' ? 'Paste the CSR or choose a file.' : undefined,
    validityDays: typeof validity === 'string' ? validity : undefined,
  });
  if (problems !== undefined || typeof validity === 'string') {
    return issueForm(ctx, form, problems ?? NO_ERRORS);
  }
  let issued: Awaited<ReturnType<typeof issueCertificate>>;
  try {
    issued = await issueCertificate(caClient(ctx), {
      caArn: caArnOf(ctx, id),
      ...(generate ? { subject, keyAlgorithm: keyAlgorithm as CaKeyAlgorithm } : { csrPem }),
      dnsNames: items(form.text('dnsNames')),
      validityDays: validity,
    });
  } catch (error) {
    if (!(error instanceof AnchorageError) || error.fault !== 'client') throw error;
    return issueForm(
      ctx,
      form,
      errorsFrom(error, { Csr: 'csrPem', Validity: 'validityDays', SubjectAlternativeNames: 'dnsNames' }),
    );
  }
  const serial = serialText(issued.serial);
  const facts = certificatesOf(issued.certificatePem)[0];
  const key = issued.privateKeyPem;
  return page(
    'Certificate issued',
    html`<h1>Certificate issued</h1>
<div class="card">
<dl class="facts">
<dt>Serial</dt><dd class="mono">${serial}</dd>
<dt>Subject</dt><dd class="wrap">${facts?.subject ?? ''}</dd>
<dt>Expires</dt><dd>${facts === undefined ? '' : html`${time(facts.notAfter)} ${expiryBadge(facts.notAfter, ctx.now)}`}</dd>
</dl>
${
  key === undefined
    ? ''
    : html`<p class="alert" role="alert">Download the private key now: this is the only time it is offered. Anchorage keeps no copy.</p>`
}
<div class="actions">
<a class="button" href="${href(['private-ca', id, 'certificates', serial])}" download>Download certificate</a>
${
  key === undefined
    ? ''
    : html`<a class="button" href="${`data:application/x-pem-file;base64,${Buffer.from(key).toString('base64')}`}" download="${`private-key-${serial}.pem`}">Download private key</a>`
}
<a class="button secondary" href="${href(['private-ca', id, 'certificate'])}" download>Download CA certificate</a>
</div>
</div>
<p><a href="${href(['private-ca', id])}">Back to the CA</a></p>`,
  );
}

export const privateCaIssueRoutes: readonly Route[] = [
  get('/private-ca/:id/issue', (ctx) => issueForm(ctx, undefined, NO_ERRORS)),
  post('/private-ca/:id/issue', issue),
];
