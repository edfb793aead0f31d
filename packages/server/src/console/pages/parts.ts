/** Small pieces the pages share: badges, times, tables, certificate facts, paging through lists. */
import { X509Certificate } from 'node:crypto';
import { AnchorageError } from '@anchorage/core/errors';
import { type Html, html } from '../html.ts';
import type { OperationOutput } from '../invoke.ts';
import type { PageContext } from '../page.ts';

const DAY_MS = 86_400_000;
/** Certificates this close to expiry are called out (the default notification threshold). */
export const EXPIRY_WARNING_DAYS = 45;

export function enabledBadge(enabled: boolean): Html {
  return enabled
    ? html`<span class="badge ok">enabled</span>`
    : html`<span class="badge off">disabled</span>`;
}

/** A time as `2025-01-31 14:05 UTC`, with the exact value in `datetime`. */
export function time(value: string | number | undefined): Html {
  if (value === undefined) return html`<span class="muted">—</span>`;
  const date = new Date(typeof value === 'number' ? value : Date.parse(value));
  if (Number.isNaN(date.getTime())) return html`${String(value)}`;
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

export function daysUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}

export function expiryBadge(notAfter: string, now: number): Html {
  const days = daysUntil(notAfter, now);
  if (Date.parse(notAfter) <= now) return html`<span class="badge bad">expired</span>`;
  const text = days === 0 ? 'expires today' : `${days} day${days === 1 ? '' : 's'} left`;
  return html`<span class="badge ${days <= EXPIRY_WARNING_DAYS ? 'warn' : 'ok'}">${text}</span>`;
}

/** A table that scrolls sideways on a narrow screen; `empty` when there are no rows. */
export function table(head: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="table-wrap"><table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/** The certificates of a PEM bundle (unreadable blocks are skipped: the API validated the bundle). */
export function certificatesOf(pem: string): CertificateFacts[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.flatMap((block) => {
    try {
      const cert = new X509Certificate(block);
      return [
        {
          subject: cert.subject.split('\n').reverse().join(', '),
          issuer: cert.issuer.split('\n').reverse().join(', '),
          serial: cert.serialNumber,
          notBefore: new Date(cert.validFrom).toISOString(),
          notAfter: new Date(cert.validTo).toISOString(),
        },
      ];
    } catch {
      return [];
    }
  });
}

export function certificateRows(certs: readonly CertificateFacts[], now: number): Html[] {
  return certs.map(
    (c) =>
      html`<tr><td class="wrap">${c.subject}</td><td class="wrap">${c.issuer}</td><td class="mono wrap">${c.serial}</td><td>${time(c.notAfter)} ${expiryBadge(c.notAfter, now)}</td></tr>`,
  );
}

/** A list operation's every item, page by page, up to `maxPages` pages. */
export async function listAll(
  fetchPage: (token: string | undefined) => Promise<OperationOutput>,
  itemsKey: string,
  tokenKey: string,
  maxPages = 20,
): Promise<{ items: Record<string, unknown>[]; complete: boolean }> {
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const output = await fetchPage(token);
    items.push(...((output[itemsKey] as Record<string, unknown>[] | undefined) ?? []));
    const next = output[tokenKey];
    token = typeof next === 'string' && next !== '' ? next : undefined;
    if (token === undefined) return { items, complete: true };
  }
  return { items, complete: false };
}

export const listTrustAnchors = (ctx: PageContext) =>
  listAll(
    (nextToken) =>
      ctx.call('rolesanywhere', 'ListTrustAnchors', {
        pageSize: 100,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    'trustAnchors',
    'nextToken',
  );

export const listProfiles = (ctx: PageContext) =>
  listAll(
    (nextToken) =>
      ctx.call('rolesanywhere', 'ListProfiles', {
        pageSize: 100,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    'profiles',
    'nextToken',
  );

export const listSubjects = (ctx: PageContext) =>
  listAll(
    (nextToken) =>
      ctx.call('rolesanywhere', 'ListSubjects', {
        pageSize: 100,
        ...(nextToken === undefined ? {} : { nextToken }),
      }),
    'subjects',
    'nextToken',
  );

export const listRoles = (ctx: PageContext) =>
  listAll(
    (Marker) => ctx.call('iam', 'ListRoles', { MaxItems: 1000, ...(Marker === undefined ? {} : { Marker }) }),
    'Roles',
    'Marker',
  );

export const listPolicies = (ctx: PageContext) =>
  listAll(
    (Marker) =>
      ctx.call('iam', 'ListPolicies', {
        Scope: 'Local',
        MaxItems: 1000,
        ...(Marker === undefined ? {} : { Marker }),
      }),
    'Policies',
    'Marker',
  );

export const listCertificateAuthorities = (ctx: PageContext) =>
  listAll(
    (NextToken) =>
      ctx.call('acm-pca', 'ListCertificateAuthorities', {
        MaxResults: 100,
        ...(NextToken === undefined ? {} : { NextToken }),
      }),
    'CertificateAuthorities',
    'NextToken',
  );

/** IAM returns policy documents URL-encoded; shown decoded and, when it parses, indented. */
export function policyText(encoded: unknown): string {
  if (typeof encoded !== 'string') return '';
  let text = encoded;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    // not encoded after all
  }
  return text;
}

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A string member of an operation's output ('' when absent). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A CA's common name (or the whole subject) from the ASN1Subject structure. */
export function caName(ca: Record<string, unknown>): string {
  const config = ca.CertificateAuthorityConfiguration as { Subject?: Record<string, unknown> } | undefined;
  const subject = config?.Subject ?? {};
  const cn = subject.CommonName;
  if (typeof cn === 'string' && cn !== '') return cn;
  const parts = Object.entries(subject)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? parts.join(', ') : str(ca.Arn);
}

/** The last path segment of an ARN (the id of a CA, trust anchor, profile). */
export function arnTail(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The Roles Anywhere trust policy a role needs to be assumed through a trust anchor. */
export function rolesAnywhereTrustPolicy(trustAnchorArn: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: { ArnEquals: { 'aws:SourceArn': trustAnchorArn } },
        },
      ],
    },
    null,
    2,
  );
}

/**
 * For what a page reads in process rather than through an operation (the audit trail, the
 * notification events): refuses, in the API's words, unless the caller's policies allow it.
 */
export async function requireAllowed(ctx: PageContext, action: string, resource: string): Promise<void> {
  if (await ctx.allowed(action, resource)) return;
  throw new AnchorageError(
    'AccessDeniedException',
    `User: ${ctx.principalArn} is not authorized to perform: ${action} on resource: ${resource}`,
  );
}
