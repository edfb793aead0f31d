/**
 * Roles: the list, and creating one with the trust-policy editor. A newcomer picks a trust anchor
 * and gets the policy Roles Anywhere needs (the service principal, the three actions it asks
 * for, and `aws:SourceArn` pinned to that anchor); anyone may write their own instead. The detail
 * page (policies, boundary, trust policy) is `role-detail.ts`.
 */
import type { FormFields } from '../form-body.ts';
import {
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  NO_ERRORS,
  selectField,
  textField,
  wholeNumber,
} from '../forms.ts';
import { href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { listPolicies, listRoles, listTrustAnchors, str, table, time } from './parts.ts';
import { roleDetailRoutes } from './role-detail.ts';
import { submittedTrustPolicy, trustPolicyEditor } from './trust-policy-editor.ts';

async function list(ctx: PageContext) {
  const { items } = await listRoles(ctx);
  const rows = items.map(
    (r) =>
      html`<tr><td><a href="${href(['roles', str(r.RoleName)])}">${str(r.RoleName)}</a></td><td>${str(r.Description)}</td><td>${str(r.MaxSessionDuration)} s</td><td>${time(str(r.CreateDate))}</td></tr>`,
  );
  return page(
    'Roles',
    html`<h1>Roles</h1>
<p class="lead">A role is what a workload becomes: its policies say what the credentials may do; its trust policy says who may take it.</p>
<div class="actions"><a class="button" href="/console/roles/new">Create role</a><a class="button secondary" href="/console/policies">Managed policies</a></div>
${table(['Name', 'Description', 'Max session', 'Created'], rows, 'No roles yet.')}`,
  );
}

async function createForm(ctx: PageContext, values: FormFields | undefined, errors: FormErrors) {
  const anchors = await ctx.attempt('rolesanywhere', 'ListTrustAnchors', { pageSize: 100 });
  const anchorList = anchors.ok ? await listTrustAnchors(ctx).then((r) => r.items) : [];
  const policies = await ctx.attempt('iam', 'ListPolicies', { Scope: 'Local', MaxItems: 1 });
  const policyList = policies.ok ? (await listPolicies(ctx)).items : [];
  return page(
    'Create role',
    html`<h1>Create a role</h1>
${errorSummary(errors)}
<form class="stack card" method="post" action="/console/roles/new">
${csrfInput(ctx.csrfToken)}
${textField({ name: 'roleName', label: 'Role name', required: true, value: values?.text('roleName') ?? '', hint: 'Up to 64 letters, digits and +=,.@_-; for example: build-agents', errors })}
${textField({ name: 'description', label: 'Description', value: values?.text('description') ?? '', hint: 'What the role is for; for example: CI runners that publish artefacts', errors })}
${trustPolicyEditor({ anchors: anchorList, values, errors, accountId: ctx.location.accountId })}
${selectField({
  name: 'attachPolicyArn',
  label: 'Attach a managed policy',
  choices: [
    { value: '', label: '— none for now —' },
    ...policyList.map((p) => ({ value: str(p.Arn), label: str(p.PolicyName) })),
  ],
  selected: [values?.text('attachPolicyArn') ?? ''],
  hint: html`What the role's credentials may do. You can add more, or inline policies, on the role's page. <a href="/console/policies/new">Create a managed policy</a>.`,
  errors,
})}
${textField({ name: 'maxSessionDuration', label: 'Maximum session duration (seconds)', type: 'number', min: 3600, max: 43200, required: true, value: values?.text('maxSessionDuration') || '3600', hint: 'From 3600 (1 hour) to 43200 (12 hours).', errors })}
<div class="actions"><button type="submit">Create role</button><a class="button secondary" href="/console/roles">Cancel</a></div>
</form>`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function create(ctx: PageContext) {
  const form = ctx.form;
  const roleName = form.text('roleName').trim();
  const trustPolicy = submittedTrustPolicy(form);
  const duration = wholeNumber(form.text('maxSessionDuration') || '3600', 3600, 43200);
  const missing = fieldErrors({
    roleName: roleName === '' ? 'Enter a role name.' : undefined,
    trustPolicy: trustPolicy === '' ? 'Write a trust policy, or choose a trust anchor.' : undefined,
    maxSessionDuration: typeof duration === 'string' ? duration : undefined,
  });
  if (missing !== undefined) return createForm(ctx, form, missing);
  const description = form.text('description').trim();
  const created = await ctx.attempt('iam', 'CreateRole', {
    RoleName: roleName,
    AssumeRolePolicyDocument: trustPolicy,
    MaxSessionDuration: duration,
    ...(description === '' ? {} : { Description: description }),
  });
  const members = {
    RoleName: 'roleName',
    AssumeRolePolicyDocument: 'trustPolicy',
    Description: 'description',
    MaxSessionDuration: 'maxSessionDuration',
  };
  if (!created.ok)
    return createForm(
      ctx,
      form,
      errorsFrom(created.error, members, {
        MalformedPolicyDocument: 'trustPolicy',
        EntityAlreadyExists: 'roleName',
      }),
    );
  const attach = form.text('attachPolicyArn');
  if (attach !== '') {
    const attached = await ctx.attempt('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: attach });
    if (!attached.ok) {
      return page(
        'Role created',
        html`<h1>Role ${roleName} created</h1>
<p class="alert" role="alert">The policy was not attached: ${attached.error.message}</p>
<p><a href="${href(['roles', roleName])}">Go to the role</a></p>`,
      );
    }
  }
  return redirect(`${href(['roles', roleName])}?notice=created`);
}

export const rolesPage: ConsolePage = {
  nav: { label: 'Roles', path: '/roles' },
  routes: [
    get('/roles', list),
    get('/roles/new', (ctx) => createForm(ctx, undefined, NO_ERRORS)),
    post('/roles/new', create),
    ...roleDetailRoutes,
  ],
};
