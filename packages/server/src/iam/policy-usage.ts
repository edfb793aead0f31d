/**
 * AttachmentCount and PermissionsBoundaryUsageCount of managed policies, computed by reading every
 * role: attachments live on roles (pinned to a policy id), so a count can never disagree with
 * the roles themselves.
 */
import type { RoleRecord } from '@anchorage/core/iam/records';
import type { Store } from '@anchorage/store/port';
import type { PolicyUsage } from './render-iam.ts';

const SCAN_PAGE = 100;

export async function forEachRole(store: Store, visit: (role: RoleRecord) => void): Promise<void> {
  let after: string | undefined;
  do {
    const page = await store.roles.list({ limit: SCAN_PAGE, ...(after === undefined ? {} : { after }) });
    for (const role of page.items) visit(role);
    after = page.next;
  } while (after !== undefined);
}

/** Usage of every policy that any role uses, by policy id. */
export async function policyUsageById(store: Store): Promise<ReadonlyMap<string, PolicyUsage>> {
  const usage = new Map<string, { attachments: number; boundaries: number }>();
  const entry = (policyId: string) => {
    let found = usage.get(policyId);
    if (found === undefined) {
      found = { attachments: 0, boundaries: 0 };
      usage.set(policyId, found);
    }
    return found;
  };
  await forEachRole(store, (role) => {
    for (const a of role.attachedPolicies) entry(a.policyId).attachments++;
    if (role.permissionsBoundary !== undefined) entry(role.permissionsBoundary.policyId).boundaries++;
  });
  return usage;
}

export const UNUSED: PolicyUsage = { attachments: 0, boundaries: 0 };
