/**
 * The profile form, shared by create and edit: name, roles (chosen from the account's roles),
 * managed policies, the session-policy editor, session duration and the two flags. A session
 * policy is checked by the API with the session-policy grammar and size limit; its error appears
 * under the editor.
 */
import type { FormFields } from '../form-body.ts';
import {
  checkbox,
  checked,
  csrfInput,
  errorSummary,
  type FormErrors,
  fieldErrors,
  selectField,
  textArea,
  textField,
  wholeNumber,
} from '../forms.ts';
import { type Html, html } from '../html.ts';
import type { PageContext } from '../page.ts';
import { listPolicies, listRoles, str } from './parts.ts';

export const PROFILE_MEMBERS: Readonly<Record<string, string>> = {
  name: 'name',
  roleArns: 'roleArns',
  managedPolicyArns: 'managedPolicyArns',
  sessionPolicy: 'sessionPolicy',
  durationSeconds: 'durationSeconds',
};

const SESSION_POLICY_HINT =
  'Narrows what every session of this profile may do, whatever the role allows (at most 2,048 characters without white space). Example: {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

export interface ProfileValues {
  readonly name: string;
  readonly roleArns: readonly string[];
  readonly managedPolicyArns: readonly string[];
  readonly sessionPolicy: string;
  readonly durationSeconds: string;
  readonly requireInstanceProperties: boolean;
  readonly acceptRoleSessionName: boolean;
  readonly enabled: boolean;
}

export function valuesOfProfile(profile: Record<string, unknown>): ProfileValues {
  return {
    name: str(profile.name),
    roleArns: (profile.roleArns as string[] | undefined) ?? [],
    managedPolicyArns: (profile.managedPolicyArns as string[] | undefined) ?? [],
    sessionPolicy: str(profile.sessionPolicy),
    durationSeconds: str(profile.durationSeconds),
    requireInstanceProperties: profile.requireInstanceProperties === true,
    acceptRoleSessionName: profile.acceptRoleSessionName === true,
    enabled: profile.enabled === true,
  };
}

export function valuesOfForm(form: FormFields): ProfileValues {
  return {
    name: form.text('name'),
    roleArns: form.all('roleArns'),
    managedPolicyArns: form.all('managedPolicyArns'),
    sessionPolicy: form.text('sessionPolicy'),
    durationSeconds: form.text('durationSeconds'),
    requireInstanceProperties: checked(form.text('requireInstanceProperties')),
    acceptRoleSessionName: checked(form.text('acceptRoleSessionName')),
    enabled: checked(form.text('enabled')),
  };
}

/** The API input the form stands for, or the field errors found before asking the API. */
export function profileInput(form: FormFields): Record<string, unknown> | FormErrors {
  const v = valuesOfForm(form);
  const duration = wholeNumber(v.durationSeconds || '3600', 900, 43200);
  const errors = fieldErrors({
    name: v.name.trim() === '' ? 'Enter a name.' : undefined,
    roleArns: v.roleArns.length === 0 ? 'Choose at least one role.' : undefined,
    durationSeconds: typeof duration === 'string' ? duration : undefined,
  });
  if (errors !== undefined) return errors;
  return {
    name: v.name.trim(),
    roleArns: v.roleArns,
    managedPolicyArns: v.managedPolicyArns,
    ...(v.sessionPolicy.trim() === '' ? {} : { sessionPolicy: v.sessionPolicy.trim() }),
    durationSeconds: duration,
    acceptRoleSessionName: v.acceptRoleSessionName,
  };
}

export async function profileForm(
  ctx: PageContext,
  options: {
    readonly action: string;
    readonly submit: string;
    readonly values: ProfileValues;
    readonly errors: FormErrors;
    readonly creating: boolean;
  },
): Promise<Html> {
  const roles = await ctx.attempt('iam', 'ListRoles', { MaxItems: 1 });
  const roleList = roles.ok ? (await listRoles(ctx)).items : [];
  const policies = await ctx.attempt('iam', 'ListPolicies', { Scope: 'Local', MaxItems: 1 });
  const policyList = policies.ok ? (await listPolicies(ctx)).items : [];
  const v = options.values;
  const errors = options.errors;
  // Keep ARNs the profile names even if the role or policy is gone, so saving does not drop them silently.
  const roleChoices = [
    ...roleList.map((r) => ({ value: str(r.Arn), label: str(r.RoleName) })),
    ...v.roleArns
      .filter((arn) => !roleList.some((r) => r.Arn === arn))
      .map((arn) => ({ value: arn, label: `${arn} (not found)` })),
  ];
  const policyChoices = [
    ...policyList.map((p) => ({ value: str(p.Arn), label: str(p.PolicyName) })),
    ...v.managedPolicyArns
      .filter((arn) => !policyList.some((p) => p.Arn === arn))
      .map((arn) => ({ value: arn, label: arn })),
  ];
  return html`${errorSummary(errors)}
<form class="stack card" method="post" action="${options.action}">${csrfInput(ctx.csrfToken)}
${textField({ name: 'name', label: 'Name', required: true, value: v.name, hint: 'Letters, digits, spaces, - and _; for example: build-agents', errors })}
${
  roleChoices.length === 0
    ? html`<div class="field${errors.fields.roleArns === undefined ? '' : ' has-error'}"><label>Roles</label><p class="hint">No roles yet: <a href="/console/roles/new">create a role</a> first.</p>${
        errors.fields.roleArns === undefined ? '' : html`<p class="error">${errors.fields.roleArns}</p>`
      }</div>`
    : selectField({
        name: 'roleArns',
        label: 'Roles',
        required: true,
        multiple: true,
        choices: roleChoices,
        selected: v.roleArns,
        hint: 'The roles a certificate may take through this profile (hold Ctrl or ⌘ to choose several). Each role must trust Roles Anywhere.',
        errors,
      })
}
${selectField({
  name: 'managedPolicyArns',
  label: 'Managed session policies',
  multiple: true,
  choices: policyChoices,
  selected: v.managedPolicyArns,
  hint: 'Sessions may do only what these policies also allow.',
  errors,
})}
${textArea({ name: 'sessionPolicy', label: 'Session policy (JSON)', value: v.sessionPolicy, json: true, rows: 8, hint: SESSION_POLICY_HINT, errors })}
${textField({ name: 'durationSeconds', label: 'Session duration (seconds)', type: 'number', min: 900, max: 43200, required: true, value: v.durationSeconds || '3600', hint: "From 900 (15 minutes) to 43200 (12 hours); the role's maximum also applies. Default 3600.", errors })}
${
  options.creating
    ? checkbox({
        name: 'requireInstanceProperties',
        label: 'Require instance properties',
        checked: v.requireInstanceProperties,
        hint: 'Refuse CreateSession calls that do not send instance properties. Set at creation only.',
      })
    : html`<p class="muted">Require instance properties: ${v.requireInstanceProperties ? 'yes' : 'no'} (set at creation).</p>`
}
${checkbox({ name: 'acceptRoleSessionName', label: 'Accept a role session name from the caller', checked: v.acceptRoleSessionName, hint: 'Otherwise the session is named after the certificate serial.' })}
${options.creating ? checkbox({ name: 'enabled', label: 'Enable now', checked: v.enabled, hint: 'A disabled profile hands out no credentials.' }) : ''}
<div class="actions"><button type="submit">${options.submit}</button><a class="button secondary" href="/console/profiles">Cancel</a></div>
</form>`;
}
