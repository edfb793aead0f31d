/** Every operation of the rolesanywhere 2018-05-10 control plane, by its model name. */
import { deleteAttributeMapping, putAttributeMapping } from './attribute-mappings.ts';
import type { OperationHandler } from './context.ts';
import { deleteCrl, disableCrl, enableCrl, getCrl, importCrl, listCrls, updateCrl } from './crls.ts';
import { putNotificationSettings, resetNotificationSettings } from './notification-settings.ts';
import {
  createProfile,
  deleteProfile,
  disableProfile,
  enableProfile,
  getProfile,
  listProfiles,
  updateProfile,
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
  updateTrustAnchor,
} from './trust-anchors.ts';

export const CONTROL_PLANE_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateTrustAnchor: createTrustAnchor,
  GetTrustAnchor: getTrustAnchor,
  UpdateTrustAnchor: updateTrustAnchor,
  DeleteTrustAnchor: deleteTrustAnchor,
  EnableTrustAnchor: enableTrustAnchor,
  DisableTrustAnchor: disableTrustAnchor,
  ListTrustAnchors: listTrustAnchors,
  PutNotificationSettings: putNotificationSettings,
  ResetNotificationSettings: resetNotificationSettings,
  CreateProfile: createProfile,
  GetProfile: getProfile,
  UpdateProfile: updateProfile,
  DeleteProfile: deleteProfile,
  EnableProfile: enableProfile,
  DisableProfile: disableProfile,
  ListProfiles: listProfiles,
  PutAttributeMapping: putAttributeMapping,
  DeleteAttributeMapping: deleteAttributeMapping,
  ImportCrl: importCrl,
  GetCrl: getCrl,
  UpdateCrl: updateCrl,
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
