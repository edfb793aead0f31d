/**
 * What a console page is: routes (GET shows, POST changes) whose handlers get a `PageContext`
 * and return a page body, a redirect or a download. Handlers never see the request, the cookie or
 * the CSRF check: the console has done those before a handler runs, and wraps the body in the
 * layout after. Every API action goes through `ctx.call`, which runs the operation as the
 * signed-in caller (see `invoke.ts`).
 */
import type { AnchorageError } from '@anchorage/core/errors';
import type { NotificationEventRecord } from '@anchorage/core/notifications/records';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import type { FormFields } from './form-body.ts';
import type { Html } from './html.ts';
import type { ConsoleService, OperationOutput } from './invoke.ts';

export type Attempt =
  | { readonly ok: true; readonly output: OperationOutput }
  | { readonly ok: false; readonly error: AnchorageError };

export interface PageContext {
  readonly method: 'GET' | 'POST';
  /** The `:name` segments of the route, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The POSTed form (empty for GET); `_csrf` was already checked. */
  readonly form: FormFields;
  /** For hidden `_csrf` fields of the forms the page renders. */
  readonly csrfToken: string;
  readonly principalArn: string;
  readonly location: ServiceLocation;
  readonly now: number;
  readonly requestId: string;
  /** For reads done in process rather than through an operation (the audit query), gated by `allowed`. */
  readonly store: Store;
  /** Runs an operation as the signed-in caller; API refusals throw AnchorageError. */
  call(
    service: ConsoleService,
    operation: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<OperationOutput>;
  /** The same, with API refusals returned instead of thrown (for forms that show them). */
  attempt(
    service: ConsoleService,
    operation: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<Attempt>;
  /** Whether the signed-in caller's policies allow the action on the resource. */
  allowed(action: string, resource: string): Promise<boolean>;
  /** The server's expiry notifier, when it runs one: evaluates now (gate with `allowed` first). */
  readonly evaluateNotifications?: () => Promise<NotificationEventRecord[]>;
  /** Every action the audit trail can name (audit/audited-actions.ts), for its filter. */
  readonly auditedActions?: readonly string[];
}

export type PageResult =
  | { readonly kind: 'page'; readonly title: string; readonly body: Html; readonly status?: number }
  | { readonly kind: 'redirect'; readonly to: string }
  | {
      readonly kind: 'download';
      readonly filename: string;
      readonly contentType: string;
      readonly body: string | Buffer;
    }
  /** A download written as it is produced (an export too large to hold in memory). */
  | {
      readonly kind: 'stream';
      readonly filename: string;
      readonly contentType: string;
      readonly body: AsyncIterable<string>;
    };

export interface Route {
  readonly method: 'GET' | 'POST';
  /** Below `/console`, with `:name` for a path segment: `/trust-anchors/:id`. */
  readonly path: string;
  readonly handle: (ctx: PageContext) => Promise<PageResult>;
}

export interface ConsolePage {
  /** The page's entry in the navigation bar, if it has one; `path` is where the entry links. */
  readonly nav?: { readonly label: string; readonly path: string };
  readonly routes: readonly Route[];
}

export const get = (path: string, handle: Route['handle']): Route => ({ method: 'GET', path, handle });
export const post = (path: string, handle: Route['handle']): Route => ({ method: 'POST', path, handle });

export function page(title: string, body: Html, status?: number): PageResult {
  return { kind: 'page', title, body, ...(status === undefined ? {} : { status }) };
}

export function redirect(to: string): PageResult {
  return { kind: 'redirect', to };
}
