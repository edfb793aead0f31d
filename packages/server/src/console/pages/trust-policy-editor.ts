/**
 * The trust-policy editor of the role pages: a choice between the Roles Anywhere template for a
 * trust anchor (the service principal, the three actions CreateSession asks for, `aws:SourceArn`
 * pinned to the anchor) and a custom document. Without script the server builds the template from
 * the chosen anchor; the script only previews it in the text area.
 */
import type { FormFields } from '../form-body.ts';
import { type FormErrors, selectField, textArea } from '../forms.ts';
import { type Html, html } from '../html.ts';
import { rolesAnywhereTrustPolicy, str } from './parts.ts';

export function trustPolicyEditor(options: {
  readonly anchors: readonly Record<string, unknown>[];
  readonly values: FormFields | undefined;
  readonly errors: FormErrors;
  readonly current?: string;
  readonly accountId: string;
}): Html {
  const v = options.values;
  const firstAnchor = str(options.anchors[0]?.trustAnchorArn);
  const anchorArn = v?.text('trustAnchorArn') || firstAnchor;
  const mode =
    v?.text('trustMode') ||
    (options.current === undefined && firstAnchor !== '' ? 'rolesanywhere' : 'custom');
  const text =
    v?.text('trustPolicy') ??
    options.current ??
    (anchorArn === '' ? '' : rolesAnywhereTrustPolicy(anchorArn));
  return html`<fieldset><legend>Who may take this role (trust policy)</legend>
<label class="check"><input type="radio" id="trust-template" name="trustMode" value="rolesanywhere"${mode === 'rolesanywhere' ? html` checked` : ''}${
    options.anchors.length === 0 ? html` disabled` : ''
  }> Workloads with a certificate from a trust anchor (IAM Roles Anywhere)</label>
${
  options.anchors.length === 0
    ? html`<p class="hint muted">No trust anchor yet: <a href="/console/trust-anchors/new">create one</a> first, or write a custom policy.</p>`
    : selectField({
        name: 'trustAnchorArn',
        label: 'Trust anchor',
        required: true,
        choices: options.anchors.map((a) => ({ value: str(a.trustAnchorArn), label: str(a.name) })),
        selected: [anchorArn],
        hint: 'The policy trusts rolesanywhere.amazonaws.com, only for this anchor (aws:SourceArn).',
        attributes: html` data-trust-template="f-trustPolicy" data-template-radio="trust-template" data-custom-radio="trust-custom"`,
        errors: options.errors,
      })
}
<label class="check"><input type="radio" id="trust-custom" name="trustMode" value="custom"${mode === 'custom' ? html` checked` : ''}> A custom trust policy, as written below</label>
${textArea({
  name: 'trustPolicy',
  label: 'Trust policy (JSON)',
  value: text,
  rows: 14,
  json: true,
  required: true,
  hint: html`With the Roles Anywhere choice this shows the template; edit it to write your own. Example principal: <code>{"Service": "rolesanywhere.amazonaws.com"}</code> or <code>{"AWS": "${options.accountId}"}</code>.`,
  errors: options.errors,
})}
</fieldset>`;
}

/** The trust policy a submitted editor stands for. */
export function submittedTrustPolicy(form: FormFields): string {
  return form.text('trustMode') === 'rolesanywhere' && form.text('trustAnchorArn') !== ''
    ? rolesAnywhereTrustPolicy(form.text('trustAnchorArn'))
    : form.text('trustPolicy').trim();
}
