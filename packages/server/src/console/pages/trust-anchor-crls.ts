/** A trust anchor's CRLs: import (PEM pasted, or a PEM or DER file), enable, disable, delete after confirming. */
import { checked, confirmPage, errorsFrom, fieldErrors } from '../forms.ts';
import { href } from '../html.ts';
import { get, type PageContext, page, post, type Route, redirect } from '../page.ts';
import { str } from './parts.ts';
import { detailPage } from './trust-anchor-detail.ts';

async function importCrl(ctx: PageContext) {
  const form = ctx.form;
  const id = ctx.params.id ?? '';
  const name = form.text('crlName').trim();
  const upload = form.file('crlFile')?.data;
  const pasted = form.text('crlPem').trim();
  const missing = fieldErrors({
    crlName: name === '' ? 'Enter a name.' : undefined,
    crlPem: upload === undefined && pasted === '' ? 'Paste the CRL or choose a file.' : undefined,
  });
  if (missing !== undefined) return detailPage(ctx, { values: form, errors: missing });
  const anchor = (await ctx.call('rolesanywhere', 'GetTrustAnchor', { trustAnchorId: id }))
    .trustAnchor as Record<string, unknown>;
  const bytes = upload ?? Buffer.from(pasted, 'utf8');
  const result = await ctx.attempt('rolesanywhere', 'ImportCrl', {
    name,
    crlData: bytes.toString('base64'),
    trustAnchorArn: str(anchor.trustAnchorArn),
    enabled: checked(form.text('crlEnabled')),
  });
  if (!result.ok) {
    return detailPage(ctx, {
      values: form,
      errors: errorsFrom(result.error, { name: 'crlName', crlData: 'crlPem' }),
    });
  }
  return redirect(`${href(['trust-anchors', id])}?notice=imported`);
}

const setEnabled = (operation: 'EnableCrl' | 'DisableCrl', notice: string) => async (ctx: PageContext) => {
  await ctx.call('rolesanywhere', operation, { crlId: ctx.params.crlId ?? '' });
  return redirect(`${href(['trust-anchors', ctx.params.id ?? ''])}?notice=${notice}`);
};

async function confirmDisable(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const crlId = ctx.params.crlId ?? '';
  const crl = (await ctx.call('rolesanywhere', 'GetCrl', { crlId })).crl as Record<string, unknown>;
  return page(
    'Disable CRL',
    confirmPage({
      question: `Disable CRL ${str(crl.name)}?`,
      consequence: 'Certificates it revokes are no longer refused because of it until it is enabled again.',
      action: href(['trust-anchors', id, 'crls', crlId, 'disable']),
      confirmLabel: 'Disable CRL',
      cancelHref: href(['trust-anchors', id]),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function confirmDelete(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const crlId = ctx.params.crlId ?? '';
  const crl = (await ctx.call('rolesanywhere', 'GetCrl', { crlId })).crl as Record<string, unknown>;
  return page(
    'Delete CRL',
    confirmPage({
      question: `Delete CRL ${str(crl.name)}?`,
      consequence: 'Certificates it revokes are no longer refused because of it. This cannot be undone.',
      action: href(['trust-anchors', id, 'crls', crlId, 'delete']),
      confirmLabel: 'Delete CRL',
      cancelHref: href(['trust-anchors', id]),
      csrfToken: ctx.csrfToken,
    }),
  );
}

async function remove(ctx: PageContext) {
  await ctx.call('rolesanywhere', 'DeleteCrl', { crlId: ctx.params.crlId ?? '' });
  return redirect(`${href(['trust-anchors', ctx.params.id ?? ''])}?notice=deleted`);
}

export const trustAnchorCrlRoutes: readonly Route[] = [
  post('/trust-anchors/:id/crls', importCrl),
  post('/trust-anchors/:id/crls/:crlId/enable', setEnabled('EnableCrl', 'enabled')),
  get('/trust-anchors/:id/crls/:crlId/disable', confirmDisable),
  post('/trust-anchors/:id/crls/:crlId/disable', setEnabled('DisableCrl', 'disabled')),
  get('/trust-anchors/:id/crls/:crlId/delete', confirmDelete),
  post('/trust-anchors/:id/crls/:crlId/delete', remove),
];
