/**
 * One profile: its facts, the edit form, the attribute mappings (which certificate fields become
 * session tags), enable/disable, and delete after a confirmation page.
 */
import {
  confirmPage,
  csrfInput,
  enableOrDisable,
  errorSummary,
  errorsFrom,
  type FormErrors,
  fieldErrors,
  items,
  NO_ERRORS,
  selectField,
  textField,
} from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { get, type PageContext, page, post, type Route, redirect } from '../page.ts';
import { enabledBadge, str, table, time } from './parts.ts';
import {
  PROFILE_MEMBERS,
  type ProfileValues,
  profileForm,
  profileInput,
  valuesOfForm,
  valuesOfProfile,
} from './profile-form.ts';

const FIELDS = [
  { value: 'x509Subject', label: 'Subject (x509Subject)' },
  { value: 'x509Issuer', label: 'Issuer (x509Issuer)' },
  { value: 'x509SAN', label: 'Subject alternative names (x509SAN)' },
];

interface DetailState {
  readonly edit?: { readonly values: ProfileValues; readonly errors: FormErrors };
  readonly mapping?: FormErrors;
}

const profileHref = (id: string, ...rest: string[]) => href(['profiles', id, ...rest]);

function mappings(ctx: PageContext, id: string, profile: Record<string, unknown>, errors: FormErrors): Html {
  const list =
    (profile.attributeMappings as
      | { certificateField: string; mappingRules: { specifier: string }[] }[]
      | undefined) ?? [];
  return html`${table(
    ['Certificate field', 'Specifiers (tags)', ''],
    list.map(
      (m) =>
        html`<tr><td>${m.certificateField}</td><td class="mono wrap">${m.mappingRules.map((r) => r.specifier).join(', ')}</td><td><a class="button danger" href="${profileHref(id, 'mappings', m.certificateField, 'delete')}">Remove…</a></td></tr>`,
    ),
    'No attribute mappings: sessions carry no tags from the certificate.',
  )}
<h3>Set the mapping of a field</h3>
${errorSummary(errors)}
<form class="stack" method="post" action="${profileHref(id, 'mappings')}">${csrfInput(ctx.csrfToken)}
${selectField({ name: 'certificateField', label: 'Certificate field', required: true, choices: FIELDS, errors })}
${textField({ name: 'specifiers', label: 'Specifiers', required: true, hint: "Comma-separated; they replace the field's current ones. Examples: CN, OU, O for a subject; DNS, URI, Name/* for SANs; * for everything.", errors })}
<div class="actions"><button type="submit" class="secondary">Set mapping</button></div></form>`;
}

async function detail(ctx: PageContext, state: DetailState = {}) {
  const id = ctx.params.id ?? '';
  const profile = (await ctx.call('rolesanywhere', 'GetProfile', { profileId: id })).profile as Record<
    string,
    unknown
  >;
  const enabled = profile.enabled === true;
  const values = state.edit?.values ?? valuesOfProfile(profile);
  return page(
    `Profile ${str(profile.name)}`,
    html`<h1>Profile ${str(profile.name)}</h1>
<div class="card"><dl class="facts">
<dt>Status</dt><dd>${enabledBadge(enabled)}</dd>
<dt>ARN</dt><dd class="mono">${str(profile.profileArn)}</dd>
<dt>Created by</dt><dd class="mono">${str(profile.createdBy)}</dd>
<dt>Created</dt><dd>${time(str(profile.createdAt))}</dd>
<dt>Updated</dt><dd>${time(str(profile.updatedAt))}</dd>
</dl>
<div class="actions">
${enableOrDisable({ enabled, base: profileHref(id), csrfToken: ctx.csrfToken })}
<a class="button danger" href="${profileHref(id, 'delete')}">Delete…</a>
</div></div>
<section><h2>Settings</h2>
${await profileForm(ctx, { action: profileHref(id), submit: 'Save profile', values, errors: state.edit?.errors ?? NO_ERRORS, creating: false })}
</section>
<section class="card"><h2>Attribute mappings</h2>${mappings(ctx, id, profile, state.mapping ?? NO_ERRORS)}</section>
<p><a href="/console/profiles">All profiles</a></p>`,
    state.edit === undefined && state.mapping === undefined ? undefined : 400,
  );
}

async function update(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const values = valuesOfForm(ctx.form);
  const input = profileInput(ctx.form);
  if ('fields' in input && 'top' in input)
    return detail(ctx, { edit: { values, errors: input as FormErrors } });
  if (input.sessionPolicy === undefined) {
    const current = (await ctx.call('rolesanywhere', 'GetProfile', { profileId: id })).profile as Record<
      string,
      unknown
    >;
    if (str(current.sessionPolicy) !== '') {
      const errors = fieldErrors({
        sessionPolicy:
          'The API cannot remove a session policy; replace it with one that allows what the role allows.',
      });
      return detail(ctx, { edit: { values, errors: errors ?? NO_ERRORS } });
    }
  }
  const result = await ctx.attempt('rolesanywhere', 'UpdateProfile', { profileId: id, ...input });
  if (!result.ok) return detail(ctx, { edit: { values, errors: errorsFrom(result.error, PROFILE_MEMBERS) } });
  return redirect(`${profileHref(id)}?notice=updated`);
}

const setEnabled =
  (operation: 'EnableProfile' | 'DisableProfile', notice: string) => async (ctx: PageContext) => {
    const id = ctx.params.id ?? '';
    await ctx.call('rolesanywhere', operation, { profileId: id });
    return redirect(`${profileHref(id)}?notice=${notice}`);
  };

async function putMapping(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const specifiers = items(ctx.form.text('specifiers'));
  const missing = fieldErrors({
    specifiers: specifiers.length === 0 ? 'Enter at least one specifier.' : undefined,
  });
  if (missing !== undefined) return detail(ctx, { mapping: missing });
  const result = await ctx.attempt('rolesanywhere', 'PutAttributeMapping', {
    profileId: id,
    certificateField: ctx.form.text('certificateField'),
    mappingRules: specifiers.map((specifier) => ({ specifier })),
  });
  if (!result.ok) {
    return detail(ctx, {
      mapping: errorsFrom(result.error, { certificateField: 'certificateField', mappingRules: 'specifiers' }),
    });
  }
  return redirect(`${profileHref(id)}?notice=updated`);
}

async function confirmRemoveMapping(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const field = ctx.params.field ?? '';
  await ctx.call('rolesanywhere', 'GetProfile', { profileId: id });
  return page(
    'Remove mapping',
    confirmPage({
      question: `Remove the ${field} mapping?`,
      consequence: 'New sessions no longer carry tags from this certificate field.',
      action: profileHref(id, 'mappings', field, 'delete'),
      confirmLabel: 'Remove mapping',
      cancelHref: profileHref(id),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function removeMapping(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  await ctx.call('rolesanywhere', 'DeleteAttributeMapping', {
    profileId: id,
    certificateField: ctx.params.field ?? '',
  });
  return redirect(`${profileHref(id)}?notice=removed`);
}

async function confirmDisable(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const profile = (await ctx.call('rolesanywhere', 'GetProfile', { profileId: id })).profile as Record<
    string,
    unknown
  >;
  return page(
    'Disable profile',
    confirmPage({
      question: `Disable profile ${str(profile.name)}?`,
      consequence:
        'Workloads that use it get no new credentials until it is enabled again. Sessions already granted last until they expire.',
      action: profileHref(id, 'disable'),
      confirmLabel: 'Disable profile',
      cancelHref: profileHref(id),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function confirmDelete(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const profile = (await ctx.call('rolesanywhere', 'GetProfile', { profileId: id })).profile as Record<
    string,
    unknown
  >;
  return page(
    'Delete profile',
    confirmPage({
      question: `Delete profile ${str(profile.name)}?`,
      consequence: 'Workloads that use it can no longer get credentials. This cannot be undone.',
      action: profileHref(id, 'delete'),
      confirmLabel: 'Delete profile',
      cancelHref: profileHref(id),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function remove(ctx: PageContext) {
  await ctx.call('rolesanywhere', 'DeleteProfile', { profileId: ctx.params.id ?? '' });
  return redirect('/console/profiles?notice=deleted');
}

export const profileDetailRoutes: readonly Route[] = [
  get('/profiles/:id', (ctx) => detail(ctx)),
  post('/profiles/:id', update),
  post('/profiles/:id/enable', setEnabled('EnableProfile', 'enabled')),
  get('/profiles/:id/disable', confirmDisable),
  post('/profiles/:id/disable', setEnabled('DisableProfile', 'disabled')),
  post('/profiles/:id/mappings', putMapping),
  get('/profiles/:id/mappings/:field/delete', confirmRemoveMapping),
  post('/profiles/:id/mappings/:field/delete', removeMapping),
  get('/profiles/:id/delete', confirmDelete),
  post('/profiles/:id/delete', remove),
];
