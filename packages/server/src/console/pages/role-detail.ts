/**
 * One role: its facts; the trust policy (edited with the same editor as at creation); attached
 * managed policies (attach, detach after confirming); inline policies (put, delete after
 * confirming); the permissions boundary (set, remove after confirming); deleting the role.
 */
import type { FormFields } from '../form-body.ts';
import {
  confirmPage,
  csrfInput,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  NO_ERRORS,
  selectField,
  textArea,
  textField,
} from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { get, type PageContext, page, post, type Route, redirect } from '../page.ts';
import { listPolicies, listTrustAnchors, policyText, prettyJson, str, table, time } from './parts.ts';
import { submittedTrustPolicy, trustPolicyEditor } from './trust-policy-editor.ts';

type Section = 'trust' | 'attach' | 'inline' | 'boundary';

interface FormState {
  readonly section: Section;
  readonly values: FormFields;
  readonly errors: FormErrors;
}

const EXAMPLE_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::example-bucket/*' }],
  },
  null,
  2,
);

const roleHref = (name: string, ...rest: string[]) => href(['roles', name, ...rest]);

function errorsFor(state: FormState | undefined, section: Section): FormErrors {
  return state?.section === section ? state.errors : NO_ERRORS;
}

function valuesFor(state: FormState | undefined, section: Section): FormFields | undefined {
  return state?.section === section ? state.values : undefined;
}

async function inlinePolicies(ctx: PageContext, roleName: string): Promise<Html> {
  const names =
    ((await ctx.call('iam', 'ListRolePolicies', { RoleName: roleName })).PolicyNames as
      | string[]
      | undefined) ?? [];
  const shown = await Promise.all(
    names.map(async (name) => {
      const got = await ctx.attempt('iam', 'GetRolePolicy', { RoleName: roleName, PolicyName: name });
      return html`<div class="statement"><h3>${name}</h3>${
        got.ok
          ? html`<pre>${prettyJson(policyText(got.output.PolicyDocument))}</pre>`
          : html`<p class="alert">${got.error.message}</p>`
      }<a class="button danger" href="${roleHref(roleName, 'inline', name, 'delete')}">Delete…</a></div>`;
    }),
  );
  return shown.length === 0 ? html`<p class="muted">No inline policies.</p>` : html`${shown}`;
}

export async function roleDetail(ctx: PageContext, state?: FormState) {
  const roleName = ctx.params.name ?? '';
  const role = (await ctx.call('iam', 'GetRole', { RoleName: roleName })).Role as Record<string, unknown>;
  const attached =
    ((await ctx.call('iam', 'ListAttachedRolePolicies', { RoleName: roleName })).AttachedPolicies as
      | Record<string, unknown>[]
      | undefined) ?? [];
  const policies = await ctx.attempt('iam', 'ListPolicies', { Scope: 'Local', MaxItems: 1 });
  const allPolicies = policies.ok ? (await listPolicies(ctx)).items : [];
  const anchors = await ctx.attempt('rolesanywhere', 'ListTrustAnchors', { pageSize: 1 });
  const anchorList = anchors.ok ? (await listTrustAnchors(ctx)).items : [];
  const attachedArns = new Set(attached.map((a) => str(a.PolicyArn)));
  const attachable = allPolicies.filter((p) => !attachedArns.has(str(p.Arn)));
  const boundaryArn = str(
    (role.PermissionsBoundary as Record<string, unknown> | undefined)?.PermissionsBoundaryArn,
  );
  const lastUsed = role.RoleLastUsed as Record<string, unknown> | undefined;
  const trustErrors = errorsFor(state, 'trust');
  const attachErrors = errorsFor(state, 'attach');
  const inlineErrors = errorsFor(state, 'inline');
  const boundaryErrors = errorsFor(state, 'boundary');
  const inlineValues = valuesFor(state, 'inline');

  return page(
    `Role ${roleName}`,
    html`<h1>Role ${str(role.RoleName)}</h1>
<div class="card"><dl class="facts">
<dt>ARN</dt><dd class="mono">${str(role.Arn)}</dd>
<dt>Description</dt><dd>${str(role.Description) || html`<span class="muted">none</span>`}</dd>
<dt>Max session</dt><dd>${str(role.MaxSessionDuration)} seconds</dd>
<dt>Created</dt><dd>${time(str(role.CreateDate))}</dd>
<dt>Last used</dt><dd>${time(str(lastUsed?.LastUsedDate) || undefined)}</dd>
</dl>
<div class="actions"><a class="button danger" href="${roleHref(roleName, 'delete')}">Delete role…</a></div></div>

<section class="card"><h2>Permissions: managed policies</h2>
${table(
  ['Policy', 'ARN', ''],
  attached.map(
    (a) =>
      html`<tr><td><a href="${href(['policies', 'view'], { arn: str(a.PolicyArn) })}">${str(a.PolicyName)}</a></td><td class="mono wrap">${str(a.PolicyArn)}</td><td><a class="button danger" href="${href(['roles', roleName, 'detach'], { arn: str(a.PolicyArn) })}">Detach…</a></td></tr>`,
  ),
  'No managed policies attached.',
)}
${errorSummary(attachErrors)}
${
  attachable.length === 0
    ? html`<p class="muted">No other managed policy to attach. <a href="/console/policies/new">Create one</a>.</p>`
    : html`<form class="stack" method="post" action="${roleHref(roleName, 'attach')}">${csrfInput(ctx.csrfToken)}
${selectField({ name: 'policyArn', label: 'Attach a managed policy', required: true, choices: attachable.map((p) => ({ value: str(p.Arn), label: str(p.PolicyName) })), errors: attachErrors })}
<div class="actions"><button type="submit">Attach</button></div></form>`
}
</section>

<section class="card"><h2>Permissions: inline policies</h2>
${await inlinePolicies(ctx, roleName)}
<h3>Add or replace an inline policy</h3>
${errorSummary(inlineErrors)}
<form class="stack" method="post" action="${roleHref(roleName, 'inline')}">${csrfInput(ctx.csrfToken)}
${textField({ name: 'policyName', label: 'Policy name', required: true, value: inlineValues?.text('policyName') ?? '', hint: 'A policy of the same name is replaced; for example: read-artefacts', errors: inlineErrors })}
${textArea({ name: 'policyDocument', label: 'Policy (JSON)', required: true, json: true, rows: 10, value: inlineValues?.text('policyDocument') ?? EXAMPLE_POLICY, hint: 'What the role may do. The example allows reading one bucket.', errors: inlineErrors })}
<div class="actions"><button type="submit">Save inline policy</button></div></form>
</section>

<section class="card"><h2>Permissions boundary</h2>
${
  boundaryArn === ''
    ? html`<p class="muted">No boundary: the role's policies alone decide.</p>`
    : html`<p>The role can never do more than <a href="${href(['policies', 'view'], { arn: boundaryArn })}" class="mono">${boundaryArn}</a> allows.</p>
<div class="actions"><a class="button danger" href="${roleHref(roleName, 'boundary', 'delete')}">Remove boundary…</a></div>`
}
${errorSummary(boundaryErrors)}
${
  allPolicies.length === 0
    ? ''
    : html`<form class="stack" method="post" action="${roleHref(roleName, 'boundary')}">${csrfInput(ctx.csrfToken)}
${selectField({ name: 'boundaryArn', label: boundaryArn === '' ? 'Set a boundary' : 'Replace the boundary', required: true, choices: allPolicies.map((p) => ({ value: str(p.Arn), label: str(p.PolicyName) })), selected: [boundaryArn], hint: 'A managed policy that caps what the role may do, whatever its other policies allow.', errors: boundaryErrors })}
<div class="actions"><button type="submit" class="secondary">Set boundary</button></div></form>`
}
</section>

<section class="card"><h2>Trust policy</h2>
${errorSummary(trustErrors)}
<form class="stack" method="post" action="${roleHref(roleName, 'trust')}">${csrfInput(ctx.csrfToken)}
${trustPolicyEditor({
  anchors: anchorList,
  values: valuesFor(state, 'trust'),
  errors: trustErrors,
  current: prettyJson(policyText(role.AssumeRolePolicyDocument)),
  accountId: ctx.location.accountId,
})}
<div class="actions"><button type="submit">Update trust policy</button></div></form>
</section>
<p><a href="/console/roles">All roles</a></p>`,
    state === undefined ? undefined : 400,
  );
}

/** Runs one change from a section's form; on refusal shows the page again with the error at that form. */
const change =
  (
    section: Section,
    operation: string,
    input: (ctx: PageContext) => Record<string, unknown> | FormErrors,
    members: Readonly<Record<string, string>>,
    notice: string,
    byCode: Readonly<Record<string, string>> = {},
  ) =>
  async (ctx: PageContext) => {
    const roleName = ctx.params.name ?? '';
    const built = input(ctx);
    if ('top' in built && 'fields' in built)
      return roleDetail(ctx, { section, values: ctx.form, errors: built as FormErrors });
    const result = await ctx.attempt('iam', operation, { RoleName: roleName, ...built });
    if (!result.ok) {
      return roleDetail(ctx, {
        section,
        values: ctx.form,
        errors: errorsFrom(result.error, members, byCode),
      });
    }
    return redirect(`${roleHref(roleName)}?notice=${notice}`);
  };

const updateTrust = change(
  'trust',
  'UpdateAssumeRolePolicy',
  (ctx) => {
    const text = submittedTrustPolicy(ctx.form);
    return (
      fieldErrors({ trustPolicy: text === '' ? 'Write a trust policy.' : undefined }) ?? {
        PolicyDocument: text,
      }
    );
  },
  { PolicyDocument: 'trustPolicy' },
  'updated',
  { MalformedPolicyDocument: 'trustPolicy' },
);

const attach = change(
  'attach',
  'AttachRolePolicy',
  (ctx) => ({ PolicyArn: ctx.form.text('policyArn') }),
  { PolicyArn: 'policyArn' },
  'attached',
);

const putInline = change(
  'inline',
  'PutRolePolicy',
  (ctx) => {
    const name = ctx.form.text('policyName').trim();
    const document = ctx.form.text('policyDocument').trim();
    return (
      fieldErrors({
        policyName: name === '' ? 'Enter a policy name.' : undefined,
        policyDocument: document === '' ? 'Write the policy.' : undefined,
      }) ?? { PolicyName: name, PolicyDocument: document }
    );
  },
  { PolicyName: 'policyName', PolicyDocument: 'policyDocument' },
  'updated',
  { MalformedPolicyDocument: 'policyDocument', LimitExceeded: 'policyDocument' },
);

const setBoundary = change(
  'boundary',
  'PutRolePermissionsBoundary',
  (ctx) => ({ PermissionsBoundary: ctx.form.text('boundaryArn') }),
  { PermissionsBoundary: 'boundaryArn' },
  'updated',
);

function confirm(
  question: (ctx: PageContext) => string,
  consequence: string,
  label: string,
  action: (ctx: PageContext) => string,
  fields: (ctx: PageContext) => Record<string, string> = () => ({}),
) {
  return async (ctx: PageContext) => {
    const roleName = ctx.params.name ?? '';
    await ctx.call('iam', 'GetRole', { RoleName: roleName });
    return page(
      label,
      confirmPage({
        question: question(ctx),
        consequence,
        action: action(ctx),
        confirmLabel: label,
        cancelHref: roleHref(roleName),
        csrfToken: ctx.csrfToken,
        fields: fields(ctx),
      }),
    );
  };
}

const done =
  (operation: string, input: (ctx: PageContext) => Record<string, unknown>, notice: string, to?: string) =>
  async (ctx: PageContext) => {
    const roleName = ctx.params.name ?? '';
    await ctx.call('iam', operation, { RoleName: roleName, ...input(ctx) });
    return redirect(`${to ?? roleHref(roleName)}?notice=${notice}`);
  };

export const roleDetailRoutes: readonly Route[] = [
  get('/roles/:name', (ctx) => roleDetail(ctx)),
  post('/roles/:name/trust', updateTrust),
  post('/roles/:name/attach', attach),
  get(
    '/roles/:name/detach',
    confirm(
      (ctx) => `Detach ${ctx.query.get('arn') ?? ''} from ${ctx.params.name ?? ''}?`,
      "The role's credentials lose what this policy allowed, at once.",
      'Detach policy',
      (ctx) => roleHref(ctx.params.name ?? '', 'detach'),
      (ctx) => ({ policyArn: ctx.query.get('arn') ?? '' }),
    ),
  ),
  post(
    '/roles/:name/detach',
    done('DetachRolePolicy', (ctx) => ({ PolicyArn: ctx.form.text('policyArn') }), 'detached'),
  ),
  post('/roles/:name/inline', putInline),
  get(
    '/roles/:name/inline/:policy/delete',
    confirm(
      (ctx) => `Delete inline policy ${ctx.params.policy ?? ''}?`,
      "The role's credentials lose what this policy allowed, at once. This cannot be undone.",
      'Delete inline policy',
      (ctx) => roleHref(ctx.params.name ?? '', 'inline', ctx.params.policy ?? '', 'delete'),
    ),
  ),
  post(
    '/roles/:name/inline/:policy/delete',
    done('DeleteRolePolicy', (ctx) => ({ PolicyName: ctx.params.policy ?? '' }), 'deleted'),
  ),
  post('/roles/:name/boundary', setBoundary),
  get(
    '/roles/:name/boundary/delete',
    confirm(
      (ctx) => `Remove the permissions boundary of ${ctx.params.name ?? ''}?`,
      'The role may then do everything its policies allow.',
      'Remove boundary',
      (ctx) => roleHref(ctx.params.name ?? '', 'boundary', 'delete'),
    ),
  ),
  post(
    '/roles/:name/boundary/delete',
    done('DeleteRolePermissionsBoundary', () => ({}), 'removed'),
  ),
  get(
    '/roles/:name/delete',
    confirm(
      (ctx) => `Delete role ${ctx.params.name ?? ''}?`,
      'Profiles that name it can no longer hand out its credentials. Detach its managed policies and delete its inline policies and boundary first. This cannot be undone.',
      'Delete role',
      (ctx) => roleHref(ctx.params.name ?? '', 'delete'),
    ),
  ),
  post(
    '/roles/:name/delete',
    done('DeleteRole', () => ({}), 'deleted', '/console/roles'),
  ),
];
