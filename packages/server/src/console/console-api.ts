/**
 * The console's administration API, for `anchorage console set-password` (restJson1-style, like
 * the notification API):
 *
 *   PUT    /console/api/users/<name>  {"password": "…"}  → 200 {"userName", "created": bool}
 *   DELETE /console/api/users/<name>                     → 200 {"userName"}
 *
 * SigV4-signed for service `rolesanywhere`, and for the administrator only: a console password
 * signs in as the administrator, so only the administrator may hand one out. Errors are thrown as
 * AnchorageErrors; the request handler writes them (`X-Amzn-ErrorType`, `{"message"}`). The
 * password is never logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AnchorageError, validationError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import { isAdministrator } from '../authz/caller-policies.ts';
import { reportDecision } from '../authz/decision-observer.ts';
import type { Caller } from '../control-plane/context.ts';
import { parseJsonObject } from '../http/json-body.ts';
import { sendJson } from '../http/send-json.ts';
import { authenticateSignedRequest } from '../http/signed-api-request.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { endSessionsOf } from './session.ts';

export const CONSOLE_API_PREFIX = '/console/api/';
const USERS = /^\/console\/api\/users\/([A-Za-z0-9_.@+=,-]{1,64})$/;
const MAX_BODY_BYTES = 16 * 1024;

export interface ConsoleApiDeps {
  readonly store: Store;
  readonly authenticator: Authenticator;
  readonly location: ServiceLocation;
}

export async function serveConsoleApi(
  deps: ConsoleApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now }: { rawPath: string; rawQuery: string; now: number },
  trace: { operation?: string; caller?: Caller },
): Promise<number> {
  const { caller, body } = await authenticateSignedRequest(
    deps.authenticator,
    req,
    { rawPath, rawQuery, now },
    MAX_BODY_BYTES,
    trace,
  );
  const user = USERS.exec(rawPath)?.[1];
  const operation =
    user === undefined
      ? undefined
      : req.method === 'PUT'
        ? 'SetConsolePassword'
        : req.method === 'DELETE'
          ? 'DeleteConsoleUser'
          : undefined;
  if (user === undefined || operation === undefined) {
    throw new AnchorageError(
      'UnknownOperationException',
      `No operation matches ${req.method} ${rawPath.slice(0, 128)}`,
    );
  }
  trace.operation = operation;
  const administrator = isAdministrator(caller, deps.location);
  reportDecision({
    principal: caller.principalArn,
    action: `anchorage:${operation}`,
    resource: '*',
    allowed: administrator,
    reason: administrator
      ? 'the administrator manages console users'
      : 'only the administrator manages console users',
  });
  if (!administrator) {
    throw new AnchorageError(
      'AccessDeniedException',
      `User: ${caller.principalArn} is not authorized to perform: ${operation}: only the administrator manages console users`,
    );
  }
  if (operation === 'DeleteConsoleUser') {
    if ((await deps.store.consoleUsers.delete(user)) === undefined) {
      throw new AnchorageError('ResourceNotFoundException', `Console user ${user} does not exist`);
    }
    await endSessionsOf(deps.store, user);
    sendJson(res, 200, { userName: user });
    return 200;
  }
  const password = parseJsonObject(body).password;
  if (typeof password !== 'string') throw validationError('password is required (a string)');
  const problem = passwordProblem(password);
  if (problem !== undefined) throw validationError(problem);
  const passwordHash = await hashPassword(password);
  const time = new Date(now).toISOString();
  const updated = await deps.store.consoleUsers.update(user, (current) => ({
    ...current,
    passwordHash,
    updatedAt: time,
  }));
  if (updated === undefined) {
    await deps.store.consoleUsers.insert({
      id: user,
      passwordHash,
      principalArn: caller.principalArn,
      createdAt: time,
      updatedAt: time,
    });
  }
  // Whoever knew the old password is signed out.
  await endSessionsOf(deps.store, user);
  sendJson(res, 200, { userName: user, created: updated === undefined });
  return 200;
}
