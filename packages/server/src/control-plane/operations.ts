/** Every operation of the rolesanywhere 2018-05-10 control plane, by its model name. */
import { deleteAttributeMapping, putAttributeMapping } from './attribute-mappings.ts';
import type { OperationHandler } from './context.ts';
import { deleteCrl, disableCrl, enableCrl, getCrl, importCrl, listCrls, updateCrlOperation } from './crls.ts';
import { putNotificationSettings, resetNotificationSettings } from './notification-settings.ts';
import {
  createProfile,
  deleteProfile,
  disableProfile,
  enableProfile,
  getProfile,
  listProfiles,
  updateProfileOperation,
} from './profiles.ts';
import { getSubject, listSubjects } from './subjects.ts';
import { listTagsForResource, tagResource, untagResource } from './tags.ts';
import {
  createTrustAnchor,
  deleteTrustAnchor,
  disableTrustAnchor,
  enableTrustAnchor,
  getTrustAnchor,
  listTrustAnchors,
  updateTrustAnchorOperation,
} from './trust-anchors.ts';

export const CONTROL_PLANE_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateTrustAnchor: createTrustAnchor,
  GetTrustAnchor: getTrustAnchor,
  UpdateTrustAnchor: updateTrustAnchorOperation,
  DeleteTrustAnchor: deleteTrustAnchor,
  EnableTrustAnchor: enableTrustAnchor,
  DisableTrustAnchor: disableTrustAnchor,
  ListTrustAnchors: listTrustAnchors,
  PutNotificationSettings: putNotificationSettings,
  ResetNotificationSettings: resetNotificationSettings,
  CreateProfile: createProfile,
  GetProfile: getProfile,
  UpdateProfile: updateProfileOperation,
  DeleteProfile: deleteProfile,
  EnableProfile: enableProfile,
  DisableProfile: disableProfile,
  ListProfiles: listProfiles,
  PutAttributeMapping: putAttributeMapping,
  DeleteAttributeMapping: deleteAttributeMapping,
  ImportCrl: importCrl,
  GetCrl: getCrl,
  UpdateCrl: updateCrlOperation,
  DeleteCrl: deleteCrl,
  EnableCrl: enableCrl,
  DisableCrl: disableCrl,
  ListCrls: listCrls,
  GetSubject: getSubject,
  ListSubjects: listSubjects,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
