/**
 * Every action the audit trail can name, for the console's filter: the operations the APIs serve
 * (`<service>:<Operation>`), Anchorage's own (CreateSession, the notification and audit APIs,
 * `/authorize`, console sign-in and users), and `unknown` (a request refused before its operation
 * was known). A question put to `/authorize` is recorded under the action it asked about, which
 * may be anything; the filter takes any action as text too.
 */
import type { OperationHandler } from '../control-plane/context.ts';

const EDGE_ACTIONS = [
  'rolesanywhere:CreateSession',
  'rolesanywhere:ListAuditEvents',
  'rolesanywhere:ExportAuditEvents',
  'rolesanywhere:EvaluateNotifications',
  'rolesanywhere:ListNotificationEvents',
  'anchorage:Authorize',
  'anchorage:ConsoleSignIn',
  'anchorage:ConsoleSignOut',
  'anchorage:SetConsolePassword',
  'anchorage:DeleteConsoleUser',
];

export interface ServedOperations {
  /** The Roles Anywhere control plane. */
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly queryServices: Readonly<
    Record<string, { readonly operations: Readonly<Record<string, unknown>> }>
  >;
  readonly acmPca: { readonly operations: Readonly<Record<string, unknown>> };
}

/** Sorted by service, then name; `unknown` last. */
export function auditedActions(served?: ServedOperations): string[] {
  const actions = new Set(EDGE_ACTIONS);
  if (served !== undefined) {
    for (const name of Object.keys(served.operations)) actions.add(`rolesanywhere:${name}`);
    for (const [service, { operations }] of Object.entries(served.queryServices)) {
      for (const name of Object.keys(operations)) actions.add(`${service}:${name}`);
    }
    for (const name of Object.keys(served.acmPca.operations)) actions.add(`acm-pca:${name}`);
  }
  return [...[...actions].sort(), 'unknown'];
}
