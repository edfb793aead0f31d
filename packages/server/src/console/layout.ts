/**
 * The page shell: head (the one stylesheet and script, no inline code), the header with the
 * signed-in principal, the navigation (coming pages marked, not linked), a notice after a
 * successful change, and the sign-out form. Notices come from a fixed list of codes, so a link
 * cannot make the console say anything it did not write.
 */
import { assetUrl } from './assets.ts';
import { CSRF_FIELD } from './csrf.ts';
import { type Html, html } from './html.ts';
import type { NavEntry } from './router.ts';

const NOTICES: Readonly<Record<string, string>> = {
  created: 'Created.',
  updated: 'Saved.',
  deleted: 'Deleted.',
  enabled: 'Enabled.',
  disabled: 'Disabled.',
  imported: 'Imported.',
  attached: 'Attached.',
  detached: 'Detached.',
  removed: 'Removed.',
  revoked: 'Revoked. The CA’s CRL lists it; CreateSession refuses it from now on.',
  evaluated: 'Evaluated: any notification due today is listed below.',
  reset: 'Restored the default settings.',
};

function head(title: string): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Anchorage</title>
<link rel="icon" href="${assetUrl('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('console.css')}">
<script src="${assetUrl('console.js')}" defer></script>
</head>`;
}

function navigation(entries: readonly NavEntry[], current: string | undefined): Html {
  return html`<nav aria-label="Console"><ul>${entries.map((entry) =>
    entry.path === undefined
      ? html`<li><span class="coming" aria-disabled="true" title="Coming soon">${entry.label} <small>coming</small></span></li>`
      : html`<li><a href="${`/console${entry.path === '/' ? '/' : entry.path}`}"${
          entry.path === current ? html` aria-current="page"` : ''
        }>${entry.label}</a></li>`,
  )}</ul></nav>`;
}

export interface LayoutOptions {
  readonly title: string;
  readonly body: Html;
  readonly navigation: readonly NavEntry[];
  readonly current: string | undefined;
  readonly principalArn: string;
  readonly csrfToken: string;
  readonly notice?: string | null;
}

export function layout(options: LayoutOptions): string {
  const notice =
    options.notice === undefined || options.notice === null ? undefined : NOTICES[options.notice];
  return html`<!doctype html>
<html lang="en">
${head(options.title)}
<body>
<header class="top">
<div class="top-row">
<a class="brand" href="/console/">Anchorage</a>
<div class="who"><span>Signed in as <span class="mono">${options.principalArn}</span></span>
<form method="post" action="/console/sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}"><button class="link" type="submit">Sign out</button></form></div>
</div>
${navigation(options.navigation, options.current)}
</header>
<main>
${notice === undefined ? '' : html`<p class="notice" role="status">${notice}</p>`}
${options.body}
</main>
</body>
</html>
`.text;
}

/** Pages shown without a session: sign-in, and errors before sign-in. */
export function bareLayout(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
${head(title)}
<body>
<header class="top"><div class="top-row"><a class="brand" href="/console/">Anchorage</a></div></header>
<main>
${body}
</main>
</body>
</html>
`.text;
}
