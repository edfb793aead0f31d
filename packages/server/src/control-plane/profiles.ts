/** CreateProfile, Get/Update/Delete/Enable/Disable/ListProfiles. */
import { AnchorageError, validationError } from '@anchorage/core/errors';
import { checkSessionPolicy } from '@anchorage/core/policy/check-session-policy';
import { resourceArn, type ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import {
  DEFAULT_ATTRIBUTE_MAPPINGS,
  DEFAULT_PROFILE_DURATION_SECONDS,
} from '@anchorage/core/rolesanywhere/defaults';
import type { ProfileRecord, Tag } from '@anchorage/core/rolesanywhere/records';
import { initialTags } from '@anchorage/core/rolesanywhere/tags';
import { isoTime, operation } from './context.ts';
import { type ListInput, listPage, nextTokenOf } from './pagination.ts';
import { profileDetail } from './render.ts';
import { resourceOperations } from './resource-operations.ts';

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/u;
const POLICY_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/u;

/** Profiles reach only roles of their own account (Roles Anywhere's account trust boundary). */
function checkRoleArns(roleArns: readonly string[], location: ServiceLocation): void {
  roleArns.forEach((arn, i) => {
    const m = ROLE_ARN.exec(arn);
    if (m === null)
      throw validationError(`roleArns.${i + 1}: '${arn.slice(0, 128)}' is not a valid IAM role ARN`);
    if (m[1] !== location.partition || m[2] !== location.accountId) {
      throw validationError(
        `roleArns.${i + 1}: the role must be in partition ${location.partition}, account ${location.accountId}`,
      );
    }
  });
}

function checkManagedPolicyArns(arns: readonly string[]): void {
  const seen = new Set<string>();
  arns.forEach((arn, i) => {
    if (!POLICY_ARN.test(arn)) {
      throw validationError(
        `managedPolicyArns.${i + 1}: '${arn.slice(0, 128)}' is not a valid IAM policy ARN`,
      );
    }
    if (seen.has(arn)) throw validationError(`managedPolicyArns.${i + 1}: duplicate policy ARN`);
    seen.add(arn);
  });
}

/** The Roles Anywhere API has one client error for bad input: a malformed policy is a ValidationException there. */
function checkProfileSessionPolicy(text: string): void {
  try {
    checkSessionPolicy(text);
  } catch (error) {
    if (error instanceof AnchorageError && error.code === 'MalformedPolicyDocument') {
      throw validationError(`sessionPolicy is not a valid session policy: ${error.message}`);
    }
    throw error;
  }
}

export const profiles = resourceOperations((store) => store.profiles, 'profile', profileDetail, 'Profile');

interface CreateProfileInput {
  readonly name: string;
  readonly roleArns: readonly string[];
  readonly requireInstanceProperties?: boolean;
  readonly sessionPolicy?: string;
  readonly managedPolicyArns?: readonly string[];
  readonly durationSeconds?: number;
  readonly enabled?: boolean;
  readonly tags?: readonly Tag[];
  readonly acceptRoleSessionName?: boolean;
}

export const createProfile = operation<CreateProfileInput>(async (input, ctx) => {
  checkRoleArns(input.roleArns, ctx.location);
  checkManagedPolicyArns(input.managedPolicyArns ?? []);
  if (input.sessionPolicy !== undefined) checkProfileSessionPolicy(input.sessionPolicy);
  const id = ctx.newId();
  const now = isoTime(ctx.now);
  const record: ProfileRecord = {
    id,
    arn: resourceArn(ctx.location, 'profile', id),
    name: input.name,
    // Fail closed: a profile grants nothing until it is enabled.
    enabled: input.enabled ?? false,
    roleArns: input.roleArns,
    managedPolicyArns: input.managedPolicyArns ?? [],
    ...(input.sessionPolicy === undefined ? {} : { sessionPolicy: input.sessionPolicy }),
    durationSeconds: input.durationSeconds ?? DEFAULT_PROFILE_DURATION_SECONDS,
    requireInstanceProperties: input.requireInstanceProperties ?? false,
    acceptRoleSessionName: input.acceptRoleSessionName ?? false,
    attributeMappings: DEFAULT_ATTRIBUTE_MAPPINGS,
    createdBy: ctx.caller.principalArn,
    tags: initialTags(input.tags),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.store.profiles.insert(record);
  return { profile: profileDetail(record) };
});

interface ProfileIdInput {
  readonly profileId: string;
}

export const getProfile = operation<ProfileIdInput>((input, ctx) => profiles.get(ctx, input.profileId));

interface UpdateProfileInput extends ProfileIdInput {
  readonly name?: string;
  readonly sessionPolicy?: string;
  readonly roleArns?: readonly string[];
  readonly managedPolicyArns?: readonly string[];
  readonly durationSeconds?: number;
  readonly acceptRoleSessionName?: boolean;
}

export const updateProfile = operation<UpdateProfileInput>(async (input, ctx) => {
  if (input.roleArns !== undefined) checkRoleArns(input.roleArns, ctx.location);
  if (input.managedPolicyArns !== undefined) checkManagedPolicyArns(input.managedPolicyArns);
  if (input.sessionPolicy !== undefined) checkProfileSessionPolicy(input.sessionPolicy);
  return profiles.update(ctx, input.profileId, () => ({
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.sessionPolicy === undefined ? {} : { sessionPolicy: input.sessionPolicy }),
    ...(input.roleArns === undefined ? {} : { roleArns: input.roleArns }),
    ...(input.managedPolicyArns === undefined ? {} : { managedPolicyArns: input.managedPolicyArns }),
    ...(input.durationSeconds === undefined ? {} : { durationSeconds: input.durationSeconds }),
    ...(input.acceptRoleSessionName === undefined
      ? {}
      : { acceptRoleSessionName: input.acceptRoleSessionName }),
  }));
});

export const deleteProfile = operation<ProfileIdInput>((input, ctx) => profiles.delete(ctx, input.profileId));

export const enableProfile = operation<ProfileIdInput>((input, ctx) =>
  profiles.setEnabled(ctx, input.profileId, true),
);

export const disableProfile = operation<ProfileIdInput>((input, ctx) =>
  profiles.setEnabled(ctx, input.profileId, false),
);

export const listProfiles = operation<ListInput>(async (input, ctx) => {
  const page = await listPage(input, (p) => ctx.store.profiles.list(p));
  return { profiles: page.items.map(profileDetail), ...nextTokenOf(page) };
});
