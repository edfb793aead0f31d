/**
 * Expiry notifications: each trust anchor's settings (CA certificate and end-entity certificate
 * expiry: on or off, days ahead), changed with PutNotificationSettings and restored with
 * ResetNotificationSettings; the latest notification events, newest first; and "Evaluate now",
 * which runs the server's notifier in process. Events are read from the store, gated like
 * `GET /notifications/events` (`rolesanywhere:ListNotificationEvents`).
 */
import type { NotificationEventRecord } from '@anchorage/core/notifications/records';
import type { NotificationEvent } from '@anchorage/core/rolesanywhere/records';
import { checkbox, checked, csrfInput, describeError, wholeNumber } from '../forms.ts';
import { type Html, href, html } from '../html.ts';
import { type ConsolePage, get, type PageContext, page, post, redirect } from '../page.ts';
import { listTrustAnchors, requireAllowed, str, table, time } from './parts.ts';

const LIST_ACTION = 'rolesanywhere:ListNotificationEvents';
const EVALUATE_ACTION = 'rolesanywhere:EvaluateNotifications';
const EVENTS_SHOWN = 50;
/** The store lists oldest first: at most this many pages of 200 are read to find the newest. */
const MAX_PAGES = 25;

const EVENTS: readonly { readonly event: NotificationEvent; readonly label: string }[] = [
  { event: 'CA_CERTIFICATE_EXPIRY', label: 'CA certificate expiry' },
  { event: 'END_ENTITY_CERTIFICATE_EXPIRY', label: 'Workload certificate expiry' },
];

interface Setting {
  readonly enabled?: boolean;
  readonly event?: string;
  readonly threshold?: number;
  readonly configuredBy?: string;
}

/** An error to show on one anchor's form. */
interface AnchorError {
  readonly trustAnchorId: string;
  readonly message: string;
}

function settingsForm(
  ctx: PageContext,
  anchor: Record<string, unknown>,
  error: AnchorError | undefined,
): Html {
  const id = str(anchor.trustAnchorId);
  const settings = (anchor.notificationSettings as Setting[] | undefined) ?? [];
  const fields = EVENTS.map(({ event, label }) => {
    const current = settings.find((s) => s.event === event);
    const thresholdId = `f-${id}-${event}-threshold`;
    return html`<div class="row">
${checkbox({ name: `${event}-enabled`, label, checked: current?.enabled === true, hint: `Set by ${current?.configuredBy ?? 'default'}` })}
<div class="field"><label for="${thresholdId}">Days ahead</label><input id="${thresholdId}" name="${`${event}-threshold`}" type="number" min="1" max="360" value="${current?.threshold ?? ''}"></div>
</div>`;
  });
  return html`<section class="card" aria-label="${str(anchor.name)}">
<h2><a href="${href(['trust-anchors', id])}">${str(anchor.name)}</a></h2>
${error?.trustAnchorId === id ? html`<div class="alert" role="alert"><p>${error.message}</p></div>` : ''}
<form class="stack" method="post" action="${href(['notifications', id])}">
${csrfInput(ctx.csrfToken)}
${fields}
<div class="actions"><button type="submit">Save settings</button></div>
</form>
<form method="post" action="${href(['notifications', id, 'reset'])}">${csrfInput(ctx.csrfToken)}<button type="submit" class="secondary">Restore defaults</button></form>
</section>`;
}

/** The newest events: the store pages oldest first, so read to the end (bounded) and keep the tail. */
async function latestEvents(
  ctx: PageContext,
): Promise<{ events: NotificationEventRecord[]; complete: boolean }> {
  let tail: NotificationEventRecord[] = [];
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await ctx.store.notificationEvents.list({
      limit: 200,
      ...(after === undefined ? {} : { after }),
    });
    tail = [...tail, ...page.items].slice(-EVENTS_SHOWN);
    if (page.next === undefined) return { events: tail.reverse(), complete: true };
    after = page.next;
  }
  return { events: tail.reverse(), complete: false };
}

async function eventsSection(ctx: PageContext): Promise<Html> {
  if (!(await ctx.allowed(LIST_ACTION, '*'))) {
    return html`<p class="muted">Not permitted: your policies do not allow ${LIST_ACTION}.</p>`;
  }
  const { events, complete } = await latestEvents(ctx);
  const canEvaluate = ctx.evaluateNotifications !== undefined && (await ctx.allowed(EVALUATE_ACTION, '*'));
  const rows = events.map((e) => {
    const detail = e.event.detail;
    return html`<tr><td>${time(e.createdAt)}</td><td>${EVENTS.find((x) => x.event === e.notificationEvent)?.label ?? e.notificationEvent}</td><td class="mono wrap">${e.trustAnchorArn}</td><td class="mono wrap">${detail['certificate-serial-number']}</td><td class="wrap">${detail.issuer}</td><td>${detail['days-to-expiry']}</td><td>${e.deliveries.map(
      (d) =>
        html`<span class="badge ${d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn'}">${d.channel}: ${d.status}</span> `,
    )}</td></tr>`;
  });
  return html`${
    canEvaluate
      ? html`<form method="post" action="/console/notifications/evaluate">${csrfInput(ctx.csrfToken)}<button type="submit" class="secondary">Evaluate now</button></form>
<p class="hint muted">The server evaluates once a day; this runs the same evaluation at once. Each certificate is announced at most once a day.</p>`
      : ''
  }
${table(['Created', 'Event', 'Trust anchor', 'Certificate serial', 'Issuer', 'Days left', 'Delivery'], rows, 'No notification events yet.')}
${complete ? '' : html`<p class="muted">Older events than these exist beyond what this page reads; <code>GET /notifications/events</code> lists them all.</p>`}`;
}

async function overview(ctx: PageContext, error?: AnchorError) {
  const { items } = await listTrustAnchors(ctx);
  return page(
    'Notifications',
    html`<h1>Notifications</h1>
<p class="lead">Anchorage announces certificates that are about to expire: the CA certificates of each trust anchor, and workload certificates used with CreateSession in the last day. Events go to the log and, when configured, the webhook.</p>
<section class="card" aria-labelledby="events"><h2 id="events">Recent notification events</h2>${await eventsSection(ctx)}</section>
<h2>Settings per trust anchor</h2>
${items.length === 0 ? html`<p class="muted">No trust anchors yet: <a href="/console/trust-anchors/new">create one</a> first.</p>` : items.map((a) => settingsForm(ctx, a, error))}`,
    error === undefined ? undefined : 400,
  );
}

async function save(ctx: PageContext) {
  const id = ctx.params.id ?? '';
  const settings: Record<string, unknown>[] = [];
  for (const { event, label } of EVENTS) {
    const enabled = checked(ctx.form.text(`${event}-enabled`));
    const text = ctx.form.text(`${event}-threshold`).trim();
    const threshold = text === '' ? undefined : wholeNumber(text, 1, 360);
    if (typeof threshold === 'string') {
      return overview(ctx, { trustAnchorId: id, message: `${label}: ${threshold}` });
    }
    settings.push({ event, enabled, ...(threshold === undefined ? {} : { threshold }) });
  }
  const result = await ctx.attempt('rolesanywhere', 'PutNotificationSettings', {
    trustAnchorId: id,
    notificationSettings: settings,
  });
  if (!result.ok) return overview(ctx, { trustAnchorId: id, message: describeError(result.error) });
  return redirect('/console/notifications?notice=updated');
}

async function reset(ctx: PageContext) {
  await ctx.call('rolesanywhere', 'ResetNotificationSettings', {
    trustAnchorId: ctx.params.id ?? '',
    notificationSettingKeys: EVENTS.map(({ event }) => ({ event })),
  });
  return redirect('/console/notifications?notice=reset');
}

async function evaluate(ctx: PageContext) {
  await requireAllowed(ctx, EVALUATE_ACTION, '*');
  if (ctx.evaluateNotifications === undefined) return overview(ctx);
  await ctx.evaluateNotifications();
  return redirect('/console/notifications?notice=evaluated');
}

export const notificationsPage: ConsolePage = {
  nav: { label: 'Notifications', path: '/notifications' },
  routes: [
    get('/notifications', (ctx) => overview(ctx)),
    post('/notifications/evaluate', evaluate),
    post('/notifications/:id', save),
    post('/notifications/:id/reset', reset),
  ],
};
