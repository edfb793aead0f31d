/** The public API of @anchorage/helper for programs: the SDK provider and the CreateSession client. */

export { HelperError } from './helper-error.ts';
export type { SigningIdentity } from './identity/signing-identity.ts';
export {
  fromRolesAnywhere,
  type KeyMaterial,
  type RolesAnywhereCredentials,
  type RolesAnywhereOptions,
} from './sdk/from-roles-anywhere.ts';
