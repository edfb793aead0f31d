/**
 * The policy simulator: a role, actions, resources and context keys → IAM SimulatePrincipalPolicy
 * → for each action and resource the decision, the statements that decided it (shown from the
 * policy text by the positions the simulator reports), the context keys the policies asked for
 * and were not given, and whether the permissions boundary allowed. Simulating changes nothing,
 * but it is still a POST: its inputs are long and do not belong in a URL.
 */
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
} from '../forms.ts';
import { type Html, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post } from '../page.ts';
import { listRoles, policyText, str } from './parts.ts';

const CONTEXT_ROWS = 3;
const CONTEXT_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'date',
  'dateList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
];

const DECISIONS: Readonly<Record<string, { label: string; badge: string; why: string }>> = {
  allowed: { label: 'Allowed', badge: 'ok', why: 'A statement allows it and none denies it.' },
  explicitDeny: {
    label: 'Denied (explicit)',
    badge: 'bad',
    why: 'A statement denies it; a deny always wins.',
  },
  implicitDeny: { label: 'Denied (implicit)', badge: 'warn', why: 'No statement allows it.' },
};

function contextRows(values: FormFields | undefined, errors: FormErrors): Html {
  const rows: Html[] = [];
  for (let i = 1; i <= CONTEXT_ROWS; i++) {
    const type = values?.text(`contextType${i}`) || 'string';
    rows.push(html`<div class="row">
<div class="field"><label for="f-contextKey${i}">Key ${i}</label><input id="f-contextKey${i}" name="contextKey${i}" type="text" value="${values?.text(`contextKey${i}`) ?? ''}" placeholder="aws:SourceIp"></div>
<div class="field"><label for="f-contextType${i}">Type</label><select id="f-contextType${i}" name="contextType${i}">${CONTEXT_TYPES.map(
      (t) => html`<option value="${t}"${t === type ? html` selected` : ''}>${t}</option>`,
    )}</select></div>
<div class="field"><label for="f-contextValues${i}">Values</label><input id="f-contextValues${i}" name="contextValues${i}" type="text" value="${values?.text(`contextValues${i}`) ?? ''}" placeholder="10.0.0.7"></div>
</div>`);
  }
  const error = errors.fields.context;
  return html`<fieldset><legend>Context keys <span class="muted">(optional)</span></legend>
<p class="hint">Values the request would carry, for conditions; several values separated by commas for a list type.</p>
${rows}${error === undefined ? '' : html`<p class="error">${error}</p>`}</fieldset>`;
}

async function form(ctx: PageContext, values: FormFields | undefined, errors: FormErrors, results?: Html) {
  const roles = await listRoles(ctx);
  return page(
    'Policy simulator',
    html`<h1>Policy simulator</h1>
<p class="lead">What may a role's sessions do? The answer comes from the same policy engine that authorises every request.</p>
${errorSummary(errors)}
<form class="stack card" method="post" action="/console/simulator">${csrfInput(ctx.csrfToken)}
${
  roles.items.length === 0
    ? html`<p class="muted">No roles yet: <a href="/console/roles/new">create one</a> first.</p>`
    : selectField({
        name: 'roleArn',
        label: 'Role',
        required: true,
        choices: roles.items.map((r) => ({ value: str(r.Arn), label: str(r.RoleName) })),
        selected: [values?.text('roleArn') ?? ''],
        hint: 'Its inline and attached policies and its permissions boundary are evaluated.',
        errors,
      })
}
${textArea({ name: 'actions', label: 'Actions', required: true, rows: 3, value: values?.text('actions') ?? '', placeholder: 's3:GetObject', hint: 'One per line or comma-separated; for example: s3:GetObject, iam:GetRole', errors })}
${textArea({ name: 'resources', label: 'Resources', rows: 3, value: values?.text('resources') ?? '', placeholder: 'arn:aws:s3:::reports/q3.csv', hint: 'ARNs, one per line. Leave empty for * (any resource).', errors })}
${contextRows(values, errors)}
<div class="actions"><button type="submit">Simulate</button></div>
</form>
${results ?? ''}`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

/** The policy texts the results refer to, by the SourcePolicyId the simulator reports. */
async function policyTexts(ctx: PageContext, roleArn: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const inline = await ctx.attempt('iam', 'ListRolePolicies', { RoleName: roleName });
  for (const name of inline.ok ? ((inline.output.PolicyNames as string[] | undefined) ?? []) : []) {
    const got = await ctx.attempt('iam', 'GetRolePolicy', { RoleName: roleName, PolicyName: name });
    if (got.ok) texts.set(name, policyText(got.output.PolicyDocument));
  }
  const managedArns: string[] = [];
  const attached = await ctx.attempt('iam', 'ListAttachedRolePolicies', { RoleName: roleName });
  if (attached.ok) {
    for (const a of (attached.output.AttachedPolicies as Record<string, unknown>[] | undefined) ?? [])
      managedArns.push(str(a.PolicyArn));
  }
  const role = await ctx.attempt('iam', 'GetRole', { RoleName: roleName });
  const boundary = role.ok
    ? str(
        (
          (role.output.Role as Record<string, unknown>).PermissionsBoundary as
            | Record<string, unknown>
            | undefined
        )?.PermissionsBoundaryArn,
      )
    : '';
  if (boundary !== '') managedArns.push(boundary);
  for (const arn of managedArns) {
    const policy = await ctx.attempt('iam', 'GetPolicy', { PolicyArn: arn });
    if (!policy.ok) continue;
    const detail = policy.output.Policy as Record<string, unknown>;
    const version = await ctx.attempt('iam', 'GetPolicyVersion', {
      PolicyArn: arn,
      VersionId: str(detail.DefaultVersionId),
    });
    if (version.ok)
      texts.set(
        str(detail.PolicyName),
        policyText((version.output.PolicyVersion as Record<string, unknown>).Document),
      );
  }
  return texts;
}

interface Position {
  readonly Line: number;
  readonly Column: number;
}

/** The text between two 1-based (line, column) positions, both included. */
export function excerpt(text: string, start: Position, end: Position): string {
  const lines = text.split('\n');
  const offset = (p: Position) =>
    lines.slice(0, p.Line - 1).reduce((n, l) => n + l.length + 1, 0) + p.Column - 1;
  return text.slice(offset(start), offset(end) + 1);
}

function statement(hit: Record<string, unknown>, texts: ReadonlyMap<string, string>): Html {
  const id = str(hit.SourcePolicyId);
  const start = hit.StartPosition as Position | undefined;
  const end = hit.EndPosition as Position | undefined;
  const text = texts.get(id);
  const source = excerpt(text ?? '', start ?? { Line: 1, Column: 1 }, end ?? { Line: 1, Column: 0 });
  const effect = /"Effect"\s*:\s*"Deny"/.test(source) ? 'deny' : 'allow';
  return html`<div class="statement ${effect}"><p><b>${id}</b> <span class="muted">(${str(hit.SourcePolicyType) || 'policy'}, line ${start?.Line ?? '?'})</span></p>${
    text === undefined || source === ''
      ? html`<p class="muted">The policy text is not readable with your permissions.</p>`
      : html`<pre>${source}</pre>`
  }</div>`;
}

function results(output: Record<string, unknown>, texts: ReadonlyMap<string, string>): Html {
  const list = (output.EvaluationResults as Record<string, unknown>[] | undefined) ?? [];
  return html`<section aria-labelledby="results"><h2 id="results">Results</h2>${list.map((r) => {
    const decision = DECISIONS[str(r.EvalDecision)] ?? { label: str(r.EvalDecision), badge: 'off', why: '' };
    const matched = (r.MatchedStatements as Record<string, unknown>[] | undefined) ?? [];
    const missing = (r.MissingContextValues as string[] | undefined) ?? [];
    const boundary = r.PermissionsBoundaryDecisionDetail as
      | { AllowedByPermissionsBoundary?: boolean }
      | undefined;
    return html`<article class="card result">
<h3><code>${str(r.EvalActionName)}</code> on <code>${str(r.EvalResourceName)}</code></h3>
<p><span class="badge ${decision.badge}">${decision.label}</span> ${decision.why}</p>
${boundary === undefined ? '' : html`<p>Permissions boundary: ${boundary.AllowedByPermissionsBoundary === true ? 'allows it' : 'does not allow it'}.</p>`}
${matched.length === 0 ? html`<p class="muted">No statement matched.</p>` : html`<p>Deciding statements:</p>${matched.map((m) => statement(m, texts))}`}
${missing.length === 0 ? '' : html`<p>Context keys the policies asked for and the simulation did not give: ${missing.map((k, i) => html`${i === 0 ? '' : ', '}<code>${k}</code>`)}</p>`}
</article>`;
  })}</section>`;
}

function contextEntries(values: FormFields): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (let i = 1; i <= CONTEXT_ROWS; i++) {
    const key = values.text(`contextKey${i}`).trim();
    if (key === '') continue;
    const type = values.text(`contextType${i}`) || 'string';
    const raw = values.text(`contextValues${i}`).trim();
    entries.push({
      ContextKeyName: key,
      ContextKeyType: type,
      ContextKeyValues: type.endsWith('List') ? items(raw) : [raw],
    });
  }
  return entries;
}

async function simulate(ctx: PageContext) {
  const values = ctx.form;
  const roleArn = values.text('roleArn');
  const actions = items(values.text('actions'));
  const resources = items(values.text('resources'));
  const missing = fieldErrors({
    roleArn: roleArn === '' ? 'Choose a role.' : undefined,
    actions: actions.length === 0 ? 'Enter at least one action, such as s3:GetObject.' : undefined,
  });
  if (missing !== undefined) return form(ctx, values, missing);
  const context = contextEntries(values);
  const result = await ctx.attempt('iam', 'SimulatePrincipalPolicy', {
    PolicySourceArn: roleArn,
    ActionNames: actions,
    ...(resources.length === 0 ? {} : { ResourceArns: resources }),
    ...(context.length === 0 ? {} : { ContextEntries: context }),
  });
  if (!result.ok) {
    const errors = errorsFrom(result.error, {
      PolicySourceArn: 'roleArn',
      ActionNames: 'actions',
      ResourceArns: 'resources',
      ContextEntries: 'context',
      'Context key': 'context',
    });
    return form(ctx, values, errors);
  }
  return form(ctx, values, NO_ERRORS, results(result.output, await policyTexts(ctx, roleArn)));
}

export const simulatorPage: ConsolePage = {
  nav: { label: 'Policy simulator', path: '/simulator' },
  routes: [get('/simulator', (ctx) => form(ctx, undefined, NO_ERRORS)), post('/simulator', simulate)],
};
