/**
 * Signing in to the console, with an access key pair (long-term `AKIA…`, or temporary `ASIA…`
 * with its session token) or with a console user name and password.
 *
 * An access key is checked exactly as SigV4 authentication checks it: the console signs a fixed
 * request with the key given and hands it to the server's own verifier, which looks the key up
 * (or opens the session token), derives the signing key and compares signatures in constant
 * time. A password is checked against its scrypt hash in constant time, and signs in as the
 * principal the administrator set it for (the administrator), acting with that principal's key.
 *
 * Failures are counted per source address and per key id or user name (`rate-limit.ts`); a
 * refusal says only "invalid credentials", whatever was wrong; the log says what.
 */
import { createHash } from 'node:crypto';
import { AnchorageError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import type { Store } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Logger } from '../logging/logger.ts';
import type { FormFields } from './form-body.ts';
import { type Html, html } from './html.ts';
import { verifyPassword } from './passwords.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { NewSession } from './session.ts';

export const INVALID_CREDENTIALS = 'invalid credentials';
export const FAILURES_PER_IDENTITY = 5;
export const FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MS = 5 * 60 * 1000;

/** Per key id or user name 5 failures in 5 minutes; per address 20 (several people may share one). */
export function signInRule(key: string): { max: number; windowMs: number } {
  return {
    max: key.startsWith('address:') ? FAILURES_PER_ADDRESS : FAILURES_PER_IDENTITY,
    windowMs: FAILURE_WINDOW_MS,
  };
}

export interface SignInDeps {
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly location: ServiceLocation;
  readonly limiter: RateLimiter;
  readonly logger: Logger;
}

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly session: NewSession }
  | {
      readonly kind: 'refused';
      readonly status: 401 | 429;
      readonly retryAfterSeconds?: number;
      /** What was wrong, for the log and the audit record (never shown to the client). */
      readonly reason: string;
    };

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const USER_NAME = /^[A-Za-z0-9_.@+=,-]{1,64}$/;

export async function signIn(
  deps: SignInDeps,
  form: FormFields,
  sourceAddress: string,
  now: number,
  requestId: string,
): Promise<SignInOutcome> {
  const byPassword = form.text('method') === 'password';
  const identity = byPassword ? form.text('userName').trim() : form.text('accessKeyId').trim();
  const keys = [`address:${sourceAddress}`, `${byPassword ? 'user' : 'key'}:${identity.toLowerCase()}`];
  const decision = deps.limiter.check(keys, now);
  if (!decision.allowed) {
    deps.logger.warn('console sign-in rate limited', {
      requestId,
      sourceAddress,
      identity: identity.slice(0, 128),
    });
    return {
      kind: 'refused',
      status: 429,
      retryAfterSeconds: decision.retryAfterSeconds,
      reason: 'rate limited: too many failed sign-ins from this address or for this identity',
    };
  }
  const verified = byPassword
    ? await byUserPassword(deps, identity, form.text('password'))
    : await byAccessKey(
        deps,
        identity,
        form.text('secretAccessKey').trim(),
        form.text('sessionToken').trim(),
        now,
      );
  if (verified.kind === 'refused') {
    deps.limiter.fail(keys, now);
    deps.logger.info('console sign-in refused', {
      requestId,
      sourceAddress,
      method: byPassword ? 'password' : 'access-key',
      identity: identity.slice(0, 128),
      reason: verified.reason,
    });
    return {
      kind: 'refused',
      status: 401,
      reason: `${byPassword ? 'user' : 'access key'} ${identity.slice(0, 128)}: ${verified.reason}`,
    };
  }
  deps.limiter.reset(keys.slice(1));
  return { kind: 'signed-in', session: verified.session };
}

type Verified =
  | { readonly kind: 'ok'; readonly session: NewSession }
  | { readonly kind: 'refused'; readonly reason: string };

async function byAccessKey(
  deps: SignInDeps,
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken: string,
  now: number,
): Promise<Verified> {
  if (!ACCESS_KEY_ID.test(accessKeyId)) return { kind: 'refused', reason: 'malformed access key id' };
  if (secretAccessKey === '' || secretAccessKey.length > 256) return { kind: 'refused', reason: 'no secret' };
  if (sessionToken.length > 16_384) return { kind: 'refused', reason: 'session token too long' };
  const request: SignedRequest = {
    method: 'POST',
    rawPath: '/console/sign-in',
    rawQuery: '',
    headers: [['host', 'console.anchorage.invalid']],
    payloadSha256Hex: createHash('sha256').update('').digest('hex'),
  };
  const scope = { service: 'rolesanywhere', region: deps.location.region };
  const signed = signRequest(request, {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === '' ? {} : { sessionToken }),
    ...scope,
    now,
  });
  try {
    const caller = await deps.authenticator.verify({ ...request, headers: signed.headers }, scope, now);
    if (caller.session === undefined) {
      return {
        kind: 'ok',
        session: { principalArn: caller.principalArn, accessKeyId, method: 'access-key' },
      };
    }
    const { secretAccessKey: _secret, ...claims } = caller.session;
    return {
      kind: 'ok',
      session: {
        principalArn: caller.principalArn,
        accessKeyId,
        method: 'access-key',
        roleSession: claims,
        credentialsExpireAt: claims.expiresAt,
      },
    };
  } catch (error) {
    if (error instanceof AnchorageError) return { kind: 'refused', reason: `${error.code}: ${error.reason}` };
    throw error;
  }
}

async function byUserPassword(deps: SignInDeps, userName: string, password: string): Promise<Verified> {
  const user = USER_NAME.test(userName) ? await deps.store.consoleUsers.get(userName) : undefined;
  // A missing user is checked against a dummy hash: the same time as a wrong password.
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!ok || user === undefined)
    return { kind: 'refused', reason: user === undefined ? 'no such user' : 'wrong password' };
  const key = (await deps.store.accessKeys.list({ limit: 100 })).items.find(
    (k) => k.principalArn === user.principalArn && k.status === 'Active',
  );
  if (key === undefined) return { kind: 'refused', reason: `no active access key for ${user.principalArn}` };
  return {
    kind: 'ok',
    session: { principalArn: user.principalArn, accessKeyId: key.id, method: 'password', userName: user.id },
  };
}

export function signInForm(options: {
  readonly method: 'access-key' | 'password';
  readonly error?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
}): Html {
  const keyChecked = options.method === 'access-key';
  return html`<div class="sign-in">
<h1>Sign in to Anchorage</h1>
${options.error === undefined ? '' : html`<p class="alert" role="alert">${options.error}</p>`}
<div class="card">
<form class="stack" method="post" action="/console/sign-in">
<fieldset><legend>Sign in with</legend>
<label class="check"><input type="radio" name="method" value="access-key"${keyChecked ? html` checked` : ''}> an access key</label>
<label class="check"><input type="radio" name="method" value="password"${keyChecked ? '' : html` checked`}> a console password</label>
</fieldset>
<fieldset><legend>Access key</legend>
<div class="field"><label for="f-accessKeyId">Access key ID</label>
<p class="hint">From <code>&lt;data-dir&gt;/admin-credentials</code>, or temporary credentials (ASIA…).</p>
<input id="f-accessKeyId" name="accessKeyId" type="text" autocomplete="username" spellcheck="false" value="${options.accessKeyId ?? ''}"></div>
<div class="field"><label for="f-secretAccessKey">Secret access key</label>
<input id="f-secretAccessKey" name="secretAccessKey" type="password" autocomplete="current-password"></div>
<div class="field"><label for="f-sessionToken">Session token <span class="muted">(only for temporary credentials)</span></label>
<textarea id="f-sessionToken" name="sessionToken" rows="3" class="mono" spellcheck="false"></textarea></div>
</fieldset>
<fieldset><legend>Console password</legend>
<div class="field"><label for="f-userName">User name</label>
<p class="hint">Set by the administrator with <code>anchorage console set-password --user NAME</code>.</p>
<input id="f-userName" name="userName" type="text" autocomplete="username" value="${options.userName ?? ''}"></div>
<div class="field"><label for="f-password">Password</label>
<input id="f-password" name="password" type="password" autocomplete="current-password"></div>
</fieldset>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
</div>
</div>`;
}
