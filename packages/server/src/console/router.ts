/**
 * The console's pages, and which route serves a request.
 *
 * HOW TO ADD A PAGE (one file plus one registration line):
 *   1. Write `pages/<name>.ts` exporting a `ConsolePage` (see `page.ts`):
 *        export const subjectsPage: ConsolePage = {
 *          nav: { label: 'Subjects', path: '/subjects' },
 *          routes: [
 *            get('/subjects', async (ctx) => page('Subjects', html`…`)),
 *            post('/subjects/:id/disable', async (ctx) => { await ctx.call('rolesanywhere', …); return redirect(…); }),
 *          ],
 *        };
 *      Read and act only through `ctx.call` / `ctx.attempt` (the API operations, authorised as
 *      the signed-in caller); build every value into `html` templates (escaped), links with
 *      `href()`, forms with `forms.ts` (each POST form carries `csrfInput(ctx.csrfToken)`);
 *      after a successful POST, redirect (303) to a GET page with `?notice=<code>` (layout.ts).
 *      Destructive actions go through `confirmPage()` first.
 *   2. Add it to PAGES below, and drop its label from COMING.
 * Sign-in, sign-out, assets, the CSRF check and the layout are the console's, not the page's.
 */
import type { ConsolePage, Route } from './page.ts';
import { auditTrailPage } from './pages/audit-trail.ts';
import { notificationsPage } from './pages/notifications.ts';
import { overviewPage } from './pages/overview.ts';
import { policiesPage } from './pages/policies.ts';
import { privateCaPage } from './pages/private-ca.ts';
import { profilesPage } from './pages/profiles.ts';
import { rolesPage } from './pages/roles.ts';
import { simulatorPage } from './pages/simulator.ts';
import { subjectsPage } from './pages/subjects.ts';
import { trustAnchorsPage } from './pages/trust-anchors.ts';

export const PAGES: readonly ConsolePage[] = [
  overviewPage,
  trustAnchorsPage,
  profilesPage,
  rolesPage,
  policiesPage,
  simulatorPage,
  subjectsPage,
  auditTrailPage,
  privateCaPage,
  notificationsPage,
];

/** Navigation entries for pages still to be built: shown, marked "coming", not linked. */
export const COMING: readonly string[] = [];

export interface NavEntry {
  readonly label: string;
  /** Undefined for a page that is coming. */
  readonly path?: string;
}

export const NAVIGATION: readonly NavEntry[] = [
  ...PAGES.flatMap((p) => (p.nav === undefined ? [] : [p.nav])),
  ...COMING.map((label) => ({ label })),
];

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

const COMPILED: readonly CompiledRoute[] = PAGES.flatMap((p) =>
  p.routes.map((route) => ({ route, segments: route.path.split('/').filter((s) => s !== '') })),
);

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong-method' }
  | { readonly kind: 'none' };

/** `path` is below `/console` (`/` for the overview); segments are percent-decoded. */
export function matchRoute(method: string, path: string): RouteMatch {
  const parts = path.split('/').filter((s) => s !== '');
  let pathMatched = false;
  for (const { route, segments } of COMPILED) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (!segment.startsWith(':')) return segment === part;
      const value = decodeSegment(part);
      if (value === undefined) return false;
      params[segment.slice(1)] = value;
      return true;
    });
    if (!ok) continue;
    if (route.method === method) return { kind: 'found', route, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
}

function decodeSegment(part: string): string | undefined {
  try {
    const value = decodeURIComponent(part);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The nav entry a path belongs to: the longest entry path that prefixes it. */
export function currentSection(path: string): string | undefined {
  let best: NavEntry | undefined;
  for (const entry of NAVIGATION) {
    if (entry.path === undefined) continue;
    const inside =
      entry.path === '/' ? path === '/' : path === entry.path || path.startsWith(`${entry.path}/`);
    if (inside && (best?.path === undefined || entry.path.length > best.path.length)) best = entry;
  }
  return best?.path;
}
