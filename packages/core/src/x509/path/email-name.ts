import { isHostName } from './dns-name.ts';

/**
 * rfc822Name names and constraints (RFC 5280 §4.2.1.6, §4.2.1.10). A name is one mailbox,
 * local-part@domain, with exactly one '@' (quoted local parts containing '@' are not accepted);
 * the local part is compared exactly (it is case-sensitive, §7.5) and the domain without case.
 * Characters such as '*' are literal: an email constraint has no wildcards.
 */
export interface EmailName {
  readonly local: string;
  readonly domain: string;
}

export function parseEmailName(text: string): EmailName | null {
  const parts = text.split('@');
  if (parts.length !== 2) return null;
  const [local = '', domain = ''] = parts;
  const lower = domain.toLowerCase();
  return local !== '' && isHostName(lower) ? { local, domain: lower } : null;
}

/**
 * §4.2.1.10's three forms: a mailbox ("root@example.com"), all mailboxes on a host
 * ("example.com"), all mailboxes in a domain (".example.com": subdomains, not the host itself).
 */
export type EmailConstraint =
  | { readonly text: string; readonly form: 'mailbox'; readonly local: string; readonly domain: string }
  | { readonly text: string; readonly form: 'host' | 'domain'; readonly domain: string };

export function parseEmailConstraint(text: string): EmailConstraint | null {
  if (text.includes('@')) {
    const mailbox = parseEmailName(text);
    return mailbox === null ? null : { text, form: 'mailbox', ...mailbox };
  }
  const lower = text.toLowerCase();
  if (lower.startsWith('.')) {
    const domain = lower.slice(1);
    return isHostName(domain) ? { text, form: 'domain', domain } : null;
  }
  return isHostName(lower) ? { text, form: 'host', domain: lower } : null;
}

export function emailNameWithin(name: EmailName, constraint: EmailConstraint): boolean {
  switch (constraint.form) {
    case 'mailbox':
      return name.local === constraint.local && name.domain === constraint.domain;
    case 'host':
      return name.domain === constraint.domain;
    default:
      return name.domain.endsWith(`.${constraint.domain}`);
  }
}
