/** Customer managed policies: list, create (with an example), view the default version, delete after confirming. */
import type { FormFields } from '../form-body.ts';
import {
  confirmPage,
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  NO_ERRORS,
  textArea,
  textField,
} from '../forms.ts';
import { href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { listPolicies, policyText, prettyJson, str, table, time } from './parts.ts';

const EXAMPLE = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadReports',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
      },
    ],
  },
  null,
  2,
);

async function list(ctx: PageContext) {
  const { items } = await listPolicies(ctx);
  const rows = items.map(
    (p) =>
      html`<tr><td><a href="${href(['policies', 'view'], { arn: str(p.Arn) })}">${str(p.PolicyName)}</a></td><td class="mono wrap">${str(p.Arn)}</td><td>${str(p.AttachmentCount)}</td><td>${time(str(p.UpdateDate))}</td></tr>`,
  );
  return page(
    'Managed policies',
    html`<h1>Managed policies</h1>
<p class="lead">Policies you can attach to many roles, or use as a permissions boundary.</p>
<div class="actions"><a class="button" href="/console/policies/new">Create policy</a></div>
${table(['Name', 'ARN', 'Attached to', 'Updated'], rows, 'No managed policies yet.')}`,
  );
}

async function createForm(ctx: PageContext, values: FormFields | undefined, errors: FormErrors) {
  return page(
    'Create policy',
    html`<h1>Create a managed policy</h1>
${errorSummary(errors)}
<form class="stack card" method="post" action="/console/policies/new">${csrfInput(ctx.csrfToken)}
${textField({ name: 'policyName', label: 'Policy name', required: true, value: values?.text('policyName') ?? '', hint: 'Up to 128 letters, digits and +=,.@_-; for example: read-reports', errors })}
${textField({ name: 'description', label: 'Description', value: values?.text('description') ?? '', hint: 'For example: Read the quarterly reports bucket', errors })}
${textArea({ name: 'policyDocument', label: 'Policy (JSON)', required: true, json: true, rows: 14, value: values?.text('policyDocument') ?? EXAMPLE, hint: 'The example allows reading one bucket; change the actions and resources.', errors })}
<div class="actions"><button type="submit">Create policy</button><a class="button secondary" href="/console/policies">Cancel</a></div>
</form>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function create(ctx: PageContext) {
  const name = ctx.form.text('policyName').trim();
  const document = ctx.form.text('policyDocument').trim();
  const description = ctx.form.text('description').trim();
  const missing = fieldErrors({
    policyName: name === '' ? 'Enter a policy name.' : undefined,
    policyDocument: document === '' ? 'Write the policy.' : undefined,
  });
  if (missing !== undefined) return createForm(ctx, ctx.form, missing);
  const result = await ctx.attempt('iam', 'CreatePolicy', {
    PolicyName: name,
    PolicyDocument: document,
    ...(description === '' ? {} : { Description: description }),
  });
  if (!result.ok) {
    return createForm(
      ctx,
      ctx.form,
      errorsFrom(
        result.error,
        { PolicyName: 'policyName', PolicyDocument: 'policyDocument', Description: 'description' },
        {
          MalformedPolicyDocument: 'policyDocument',
          EntityAlreadyExists: 'policyName',
          LimitExceeded: 'policyDocument',
        },
      ),
    );
  }
  const arn = str((result.output.Policy as Record<string, unknown>).Arn);
  return redirect(`${href(['policies', 'view'], { arn })}&notice=created`);
}

async function view(ctx: PageContext) {
  const arn = ctx.query.get('arn') ?? '';
  const policy = (await ctx.call('iam', 'GetPolicy', { PolicyArn: arn })).Policy as Record<string, unknown>;
  const version = (
    await ctx.call('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: str(policy.DefaultVersionId) })
  ).PolicyVersion as Record<string, unknown>;
  return page(
    `Policy ${str(policy.PolicyName)}`,
    html`<h1>Policy ${str(policy.PolicyName)}</h1>
<div class="card"><dl class="facts">
<dt>ARN</dt><dd class="mono">${str(policy.Arn)}</dd>
<dt>Description</dt><dd>${str(policy.Description) || html`<span class="muted">none</span>`}</dd>
<dt>Attached to</dt><dd>${str(policy.AttachmentCount)} role(s); boundary of ${str(policy.PermissionsBoundaryUsageCount)}</dd>
<dt>Default version</dt><dd>${str(policy.DefaultVersionId)}</dd>
<dt>Updated</dt><dd>${time(str(policy.UpdateDate))}</dd>
</dl>
<div class="actions"><a class="button danger" href="${href(['policies', 'delete'], { arn })}">Delete…</a></div></div>
<section class="card"><h2>Document (${str(policy.DefaultVersionId)})</h2><pre>${prettyJson(policyText(version.Document))}</pre></section>
<p><a href="/console/policies">All managed policies</a></p>`,
  );
}

async function confirmDelete(ctx: PageContext) {
  const arn = ctx.query.get('arn') ?? '';
  await ctx.call('iam', 'GetPolicy', { PolicyArn: arn });
  return page(
    'Delete policy',
    confirmPage({
      question: `Delete policy ${arn}?`,
      consequence: 'It must be attached to no role and be no boundary. This cannot be undone.',
      action: '/console/policies/delete',
      confirmLabel: 'Delete policy',
      cancelHref: href(['policies', 'view'], { arn }),
      csrfToken: ctx.csrfToken,
      fields: { arn },
    }),
  );
}

async function remove(ctx: PageContext) {
  await ctx.call('iam', 'DeletePolicy', { PolicyArn: ctx.form.text('arn') });
  return redirect('/console/policies?notice=deleted');
}

export const policiesPage: ConsolePage = {
  nav: { label: 'Policies', path: '/policies' },
  routes: [
    get('/policies', list),
    get('/policies/new', (ctx) => createForm(ctx, undefined, NO_ERRORS)),
    post('/policies/new', create),
    get('/policies/view', view),
    get('/policies/delete', confirmDelete),
    post('/policies/delete', remove),
  ],
};
