/**
 * The in-memory store: the reference implementation of the contract, used by tests and as the
 * model the persistent backends are checked against. Nothing survives the process.
 */

import type { ManagedPolicyRecord, RoleRecord, TokenKeyRecord } from '@anchorage/core/iam/records';
import type {
  AccessKeyRecord,
  CrlRecord,
  ProfileRecord,
  SubjectRecord,
  TrustAnchorRecord,
} from '@anchorage/core/rolesanywhere/records';
import { counted, createChangeCounter } from '../change-counter.ts';
import type { CrlCollection, Store, SubjectCollection } from '../port.ts';
import { createMemoryCollection, type MemoryCollection } from './memory-collection.ts';

export function createMemoryStore(): Store {
  const counter = createChangeCounter();
  const trustAnchors = createMemoryCollection<TrustAnchorRecord>('trustAnchors');
  const profiles = createMemoryCollection<ProfileRecord>('profiles');
  const crls = createMemoryCollection<CrlRecord>('crls');
  const subjects = createMemoryCollection<SubjectRecord>('subjects', [
    { field: 'x509Subject', of: (subject) => subject.x509Subject },
  ]);
  const accessKeys = createMemoryCollection<AccessKeyRecord>('accessKeys');
  const roles = createMemoryCollection<RoleRecord>('roles');
  const managedPolicies = createMemoryCollection<ManagedPolicyRecord>('managedPolicies');
  const tokenKeys = createMemoryCollection<TokenKeyRecord>('tokenKeys');
  const all: readonly MemoryCollection<{ readonly id: string }>[] = [
    trustAnchors,
    profiles,
    crls,
    subjects,
    accessKeys,
    roles,
    managedPolicies,
    tokenKeys,
  ];

  const crlCollection: CrlCollection = {
    ...crls,
    async listByTrustAnchor(trustAnchorArn) {
      return crls.filter((crl) => crl.trustAnchorArn === trustAnchorArn);
    },
  };
  const subjectCollection: SubjectCollection = {
    ...subjects,
    async findByX509Subject(x509Subject) {
      return subjects.findUnique('x509Subject', x509Subject);
    },
  };

  return {
    changeMarker: async () => String(counter.value()),
    trustAnchors: counted(trustAnchors, counter),
    profiles: counted(profiles, counter),
    crls: counted(crlCollection, counter),
    subjects: counted(subjectCollection, counter),
    accessKeys: counted(accessKeys, counter),
    roles: counted(roles, counter),
    managedPolicies: counted(managedPolicies, counter),
    tokenKeys: counted(tokenKeys, counter),
    async close() {
      for (const collection of all) collection.close();
    },
  };
}
