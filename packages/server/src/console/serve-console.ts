/**
 * The web console at `/console`, as named steps: security headers on every response → static
 * assets → sign-in → the session from its cookie (else to sign-in) → for a POST, read the form and
 * check CSRF (token and origin) before anything else → find the page's route → run it as the
 * signed-in caller → write the page in the layout, a redirect or a download. Errors become pages
 * in words: API refusals with the API's message, anything unexpected as a generic page with the
 * request id (the cause goes to the log only). The console API (`/console/api/…`) is SigV4 and
 * answers JSON, like the other APIs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AnchorageError, ERROR_CATALOGUE } from '@anchorage/core/errors';
import { auditedActions } from '../audit/audited-actions.ts';
import type { RequestAudit } from '../audit/request-audit.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import type { Caller } from '../control-plane/context.ts';
import { readBody } from '../http/read-body.ts';
import type { Logger } from '../logging/logger.ts';
import type { ExpiryNotifier } from '../notifications/expiry-notifier.ts';
import { ASSETS_PREFIX, asset } from './assets.ts';
import { CONSOLE_API_PREFIX, serveConsoleApi } from './console-api.ts';
import { CSRF_FIELD, crossOriginProblem, csrfProblem } from './csrf.ts';
import { type FormFields, parseFormBody } from './form-body.ts';
import { describeError } from './forms.ts';
import { type Html, html } from './html.ts';
import { type Acting, createInvoker, type InvokeDeps } from './invoke.ts';
import { bareLayout, layout } from './layout.ts';
import type { PageContext, PageResult } from './page.ts';
import { createRateLimiter } from './rate-limit.ts';
import { currentSection, matchRoute, NAVIGATION } from './router.ts';
import { securityHeaders, setSecurityHeaders } from './security-headers.ts';
import {
  callerOf,
  clearedSessionCookie,
  loadSession,
  secondsLeft,
  sessionCookie,
  sessionToken,
  startSession,
  sweepExpiredSessions,
} from './session.ts';
import { INVALID_CREDENTIALS, signIn, signInForm, signInRule } from './sign-in.ts';

/** Forms carry at most a CA bundle or a CRL (300,000 bytes) and some text. */
const MAX_FORM_BYTES = 1024 * 1024;
const EMPTY_FORM = parseFormBody(Buffer.alloc(0), undefined);

export interface ConsoleDeps extends InvokeDeps {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  /** The expiry notifier, for the Notifications page's "Evaluate now". */
  readonly notifications?: ExpiryNotifier;
}

export interface ConsoleRequest {
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly now: number;
  readonly requestId: string;
  readonly facts: RequestFacts;
  /** Where the console's actions, sign-ins and refusals are recorded (audit/console-call.ts). */
  readonly audit?: RequestAudit;
}

export type ConsoleHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  request: ConsoleRequest,
  trace: { operation?: string; caller?: Caller },
) => Promise<number>;

export function isConsolePath(rawPath: string): boolean {
  return rawPath === '/console' || rawPath.startsWith('/console/');
}

export function createConsole(deps: ConsoleDeps): ConsoleHandler {
  const invoker = createInvoker(deps);
  const actions = auditedActions(deps);
  const limiter = createRateLimiter(signInRule);
  const signInDeps = { ...deps, limiter };

  const serve: ConsoleHandler = async (req, res, request, trace) => {
    const { rawPath, now, requestId } = request;
    trace.operation = 'Console';
    const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
    const method = req.method ?? '';
    if (rawPath.startsWith(ASSETS_PREFIX)) return sendAsset(res, method, rawPath.slice(ASSETS_PREFIX.length));
    if (rawPath === '/console') return sendRedirect(res, '/console/', 302);
    if (method !== 'GET' && method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      return sendHtml(res, 405, bareLayout('Not allowed', html`<h1>Method not allowed</h1>`));
    }
    const path = rawPath.slice('/console'.length);

    if (path === '/sign-in') {
      if (method === 'GET') {
        const token = sessionToken(req);
        if (token !== undefined && (await loadSession(deps.store, token, now)) !== undefined) {
          return sendRedirect(res, '/console/', 303);
        }
        return sendHtml(res, 200, bareLayout('Sign in', signInForm({ method: 'access-key' })));
      }
      trace.operation = 'ConsoleSignIn';
      const problem = crossOriginProblem(req);
      if (problem !== undefined) {
        deps.logger.warn('console request refused', { requestId, reason: problem });
        recordRefusal(request, 'anchorage:ConsoleSignIn', problem);
        return sendHtml(res, 403, bareLayout('Refused', refusedBody()));
      }
      const form = await readForm(req);
      const outcome = await signIn(signInDeps, form, request.facts.sourceIp ?? 'unknown', now, requestId);
      const again = {
        method: form.text('method') === 'password' ? ('password' as const) : ('access-key' as const),
        accessKeyId: form.text('accessKeyId').slice(0, 128),
        userName: form.text('userName').slice(0, 64),
      };
      if (outcome.kind === 'refused') {
        const claimed = again.method === 'access-key' ? claimedKey(again.accessKeyId) : undefined;
        recordRefusal(request, 'anchorage:ConsoleSignIn', outcome.reason, claimed);
        if (outcome.retryAfterSeconds !== undefined)
          res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
        const error =
          outcome.status === 429
            ? `Too many failed sign-ins. Try again in ${Math.ceil((outcome.retryAfterSeconds ?? 60) / 60)} minute(s).`
            : `Sign-in failed: ${INVALID_CREDENTIALS}.`;
        return sendHtml(res, outcome.status, bareLayout('Sign in', signInForm({ ...again, error })));
      }
      await sweepExpiredSessions(deps.store, now);
      const { token, record } = await startSession(deps.store, outcome.session, now);
      deps.logger.info('console sign-in', {
        requestId,
        principalArn: record.principalArn,
        accessKeyId: record.accessKeyId,
        method: record.method,
        session: record.id.slice(0, 12),
      });
      request.audit?.record({
        action: 'anchorage:ConsoleSignIn',
        outcome: 'allowed',
        channel: 'console',
        principal: record.principalArn,
        accessKeyId: record.accessKeyId,
        resources: [],
      });
      res.setHeader('Set-Cookie', sessionCookie(token, secure, secondsLeft(record, now)));
      return sendRedirect(res, '/console/', 303);
    }

    const token = sessionToken(req);
    const session = token === undefined ? undefined : await loadSession(deps.store, token, now);
    if (session === undefined) {
      if (req.headers.cookie?.includes('anchorage_console=') === true) {
        res.setHeader('Set-Cookie', clearedSessionCookie(secure));
      }
      if (method === 'GET') return sendRedirect(res, '/console/sign-in', 303);
      recordRefusal(request, 'unknown', 'a console form posted without a valid session');
      return sendHtml(res, 403, bareLayout('Signed out', signedOutBody()));
    }
    const caller = callerOf(session);
    trace.caller = caller;
    const acting: Acting = {
      caller,
      facts: request.facts,
      now,
      ...(request.audit === undefined ? {} : { audit: request.audit }),
    };
    const chrome = (title: string, body: Html, notice?: string | null) =>
      layout({
        title,
        body,
        navigation: NAVIGATION,
        current: currentSection(path === '' ? '/' : path),
        principalArn: session.principalArn,
        csrfToken: session.csrfToken,
        ...(notice === undefined ? {} : { notice }),
      });

    let form: FormFields = EMPTY_FORM;
    if (method === 'POST') {
      form = await readForm(req);
      const problem = csrfProblem(req, session.csrfToken, form.text(CSRF_FIELD) || undefined);
      if (problem !== undefined) {
        deps.logger.warn('console request refused', {
          requestId,
          reason: problem,
          accessKeyId: session.accessKeyId,
        });
        recordRefusal(request, 'unknown', problem, session.accessKeyId, session.principalArn);
        return sendHtml(res, 403, chrome('Refused', refusedBody()));
      }
    }

    if (path === '/sign-out' && method === 'POST') {
      trace.operation = 'ConsoleSignOut';
      await deps.store.consoleSessions.delete(session.id);
      request.audit?.record({
        action: 'anchorage:ConsoleSignOut',
        outcome: 'allowed',
        channel: 'console',
        principal: session.principalArn,
        accessKeyId: session.accessKeyId,
        resources: [],
      });
      res.setHeader('Set-Cookie', clearedSessionCookie(secure));
      return sendRedirect(res, '/console/sign-in', 303);
    }

    const match = matchRoute(method, path === '' ? '/' : path);
    if (match.kind !== 'found') {
      const status = match.kind === 'wrong-method' ? 405 : 404;
      return sendHtml(
        res,
        status,
        chrome(
          'Not found',
          html`<h1>${status === 404 ? 'Page not found' : 'Method not allowed'}</h1>
<p><a href="/console/">Back to the overview</a></p>`,
        ),
      );
    }
    const query = new URLSearchParams(request.rawQuery);
    const ctx: PageContext = {
      method,
      params: match.params,
      query,
      form,
      csrfToken: session.csrfToken,
      principalArn: session.principalArn,
      location: deps.location,
      now,
      requestId,
      store: deps.store,
      call: (service, operation, input) => invoker.invoke(service, operation, input, acting),
      attempt: async (service, operation, input) => {
        try {
          return { ok: true, output: await invoker.invoke(service, operation, input, acting) };
        } catch (error) {
          if (error instanceof AnchorageError && error.fault === 'client') return { ok: false, error };
          throw error;
        }
      },
      allowed: (action, resource) => invoker.allowed(action, resource, acting),
      auditedActions: actions,
      ...(deps.notifications === undefined
        ? {}
        : { evaluateNotifications: () => (deps.notifications as ExpiryNotifier).evaluate() }),
    };
    let result: PageResult;
    try {
      result = await match.route.handle(ctx);
    } catch (error) {
      const shown = errorPage(error, requestId);
      if (shown.status >= 500) {
        deps.logger.error('console page failed', {
          requestId,
          path,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
      }
      return sendHtml(res, shown.status, chrome(shown.title, shown.body));
    }
    switch (result.kind) {
      case 'redirect':
        return sendRedirect(res, result.to, 303);
      case 'download':
        return sendDownload(res, result.filename, result.contentType, result.body);
      case 'stream':
        return sendStream(res, result.filename, result.contentType, result.body);
      case 'page':
        return sendHtml(res, result.status ?? 200, chrome(result.title, result.body, query.get('notice')));
    }
  };

  return async (req, res, request, trace) => {
    // Every console response carries the security headers, the API's JSON ones too.
    setSecurityHeaders(res, 'page');
    if (request.rawPath.startsWith(CONSOLE_API_PREFIX))
      return serveConsoleApi(deps, req, res, request, trace);
    try {
      return await serve(req, res, request, trace);
    } catch (error) {
      // Before a page ran: an unreadable or oversized form, a store failure.
      const shown = errorPage(error, request.requestId);
      if (shown.status >= 500) {
        deps.logger.error('console request failed', {
          requestId: request.requestId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
      }
      if (res.headersSent) {
        res.destroy();
        return shown.status;
      }
      return sendHtml(res, shown.status, bareLayout(shown.title, shown.body));
    }
  };
}

/** A console request refused before any action ran (a failed sign-in, a form without its token). */
function recordRefusal(
  request: ConsoleRequest,
  action: string,
  reason: string,
  accessKeyId?: string,
  principal?: string,
): void {
  request.audit?.record({
    action,
    outcome: 'denied',
    channel: 'console',
    reason,
    ...(principal === undefined ? {} : { principal }),
    ...(accessKeyId === undefined ? {} : { accessKeyId }),
    resources: [],
  });
}

/** The access key id a sign-in form named, if it has the shape of one (the form is the client's text). */
function claimedKey(text: string): string | undefined {
  return /^[A-Z0-9]{16,128}$/.test(text) ? text : undefined;
}

async function readForm(req: IncomingMessage): Promise<FormFields> {
  return parseFormBody(await readBody(req, MAX_FORM_BYTES), req.headers['content-type']);
}

function errorPage(error: unknown, requestId: string): { status: number; title: string; body: Html } {
  if (error instanceof AnchorageError && error.fault === 'client') {
    const status = ERROR_CATALOGUE[error.code].status;
    const title = error.code === 'AccessDeniedException' ? 'Access denied' : 'Cannot do that';
    return {
      status,
      title,
      body: html`<h1>${title}</h1><p class="alert" role="alert">${describeError(error)}</p>
<p><a href="/console/">Back to the overview</a></p>`,
    };
  }
  return {
    status: 500,
    title: 'Something went wrong',
    body: html`<h1>Something went wrong</h1>
<p class="alert" role="alert">The server could not show this page. Nothing was changed unless a page said so. If it happens again, give your administrator this request id: <code>${requestId}</code>.</p>
<p><a href="/console/">Back to the overview</a></p>`,
  };
}

function refusedBody(): Html {
  return html`<h1>Refused</h1>
<p class="alert" role="alert">This request did not come from a console page with a valid form token, so nothing was changed. Reload the page and try again.</p>
<p><a href="/console/">Back to the overview</a></p>`;
}

function signedOutBody(): Html {
  return html`<h1>Your session has ended</h1>
<p class="alert" role="alert">Nothing was changed. Sign in again to continue.</p>
<p><a href="/console/sign-in">Sign in</a></p>`;
}

function sendHtml(res: ServerResponse, status: number, text: string): number {
  const headers = securityHeaders('page');
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
  return status;
}

function sendRedirect(res: ServerResponse, to: string, status: 302 | 303): number {
  res.writeHead(status, { ...securityHeaders('page'), Location: to, 'Content-Length': 0 });
  res.end();
  return status;
}

function sendAsset(res: ServerResponse, method: string, name: string): number {
  const found = method === 'GET' || method === 'HEAD' ? asset(name) : undefined;
  if (found === undefined) {
    const text = 'Not found\n';
    res.writeHead(404, {
      ...securityHeaders('page'),
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
    return 404;
  }
  res.writeHead(200, {
    ...securityHeaders('asset'),
    'Content-Type': found.contentType,
    'Content-Length': found.body.length,
  });
  res.end(method === 'HEAD' ? undefined : found.body);
  return 200;
}

function attachment(filename: string): string {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'download';
  return `attachment; filename="${safeName}"`;
}

/** Chunked; a failure after the headers went out cuts the response short (the caller destroys it). */
async function sendStream(
  res: ServerResponse,
  filename: string,
  contentType: string,
  body: AsyncIterable<string>,
): Promise<number> {
  res.writeHead(200, {
    ...securityHeaders('page'),
    'Content-Type': contentType,
    'Content-Disposition': attachment(filename),
  });
  for await (const chunk of body) {
    if (res.destroyed) break; // the browser went away: stop reading the store
    if (!res.write(chunk)) {
      await new Promise((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  res.end();
  return 200;
}

function sendDownload(
  res: ServerResponse,
  filename: string,
  contentType: string,
  body: string | Buffer,
): number {
  res.writeHead(200, {
    ...securityHeaders('page'),
    'Content-Type': contentType,
    'Content-Disposition': attachment(filename),
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
  return 200;
}
