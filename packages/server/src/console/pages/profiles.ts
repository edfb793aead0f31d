/** Profiles: the list and creating one; the detail page (edit, mappings, enable/disable/delete) is `profile-detail.ts`. */
import { errorsFrom, type FormErrors, NO_ERRORS } from '../forms.ts';
import { href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { enabledBadge, listProfiles, str, table, time } from './parts.ts';
import { profileDetailRoutes } from './profile-detail.ts';
import {
  PROFILE_MEMBERS,
  type ProfileValues,
  profileForm,
  profileInput,
  valuesOfForm,
} from './profile-form.ts';

async function list(ctx: PageContext) {
  const { items } = await listProfiles(ctx);
  const rows = items.map(
    (p) =>
      html`<tr><td><a href="${href(['profiles', str(p.profileId)])}">${str(p.name)}</a></td><td>${enabledBadge(p.enabled === true)}</td><td>${
        ((p.roleArns as string[] | undefined) ?? []).length
      }</td><td>${str(p.durationSeconds)} s</td><td>${time(str(p.createdAt))}</td></tr>`,
  );
  return page(
    'Profiles',
    html`<h1>Profiles</h1>
<p class="lead">A profile says which roles a certificate may take, for how long, and with which session policies.</p>
<div class="actions"><a class="button" href="/console/profiles/new">Create profile</a></div>
${table(['Name', 'Status', 'Roles', 'Session duration', 'Created'], rows, 'No profiles yet.')}`,
  );
}

const NEW_PROFILE: ProfileValues = {
  name: '',
  roleArns: [],
  managedPolicyArns: [],
  sessionPolicy: '',
  durationSeconds: '3600',
  requireInstanceProperties: false,
  acceptRoleSessionName: false,
  enabled: true,
};

async function createPage(ctx: PageContext, values: ProfileValues, errors: FormErrors) {
  return page(
    'Create profile',
    html`<h1>Create a profile</h1>
${await profileForm(ctx, { action: '/console/profiles/new', submit: 'Create profile', values, errors, creating: true })}`,
    errors === NO_ERRORS ? undefined : 400,
  );
}

async function create(ctx: PageContext) {
  const input = profileInput(ctx.form);
  const values = valuesOfForm(ctx.form);
  if ('fields' in input && 'top' in input) return createPage(ctx, values, input as FormErrors);
  const result = await ctx.attempt('rolesanywhere', 'CreateProfile', {
    ...input,
    requireInstanceProperties: values.requireInstanceProperties,
    enabled: values.enabled,
  });
  if (!result.ok) return createPage(ctx, values, errorsFrom(result.error, PROFILE_MEMBERS));
  const created = result.output.profile as Record<string, unknown>;
  return redirect(`${href(['profiles', str(created.profileId)])}?notice=created`);
}

export const profilesPage: ConsolePage = {
  nav: { label: 'Profiles', path: '/profiles' },
  routes: [
    get('/profiles', list),
    get('/profiles/new', (ctx) => createPage(ctx, NEW_PROFILE, NO_ERRORS)),
    post('/profiles/new', create),
    ...profileDetailRoutes,
  ],
};
