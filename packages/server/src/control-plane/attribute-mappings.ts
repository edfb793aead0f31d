/** PutAttributeMapping and DeleteAttributeMapping (semantics in core/rolesanywhere/attribute-mappings.ts). */
import {
  putAttributeMapping as withMapping,
  deleteAttributeMapping as withoutMapping,
} from '@anchorage/core/rolesanywhere/attribute-mappings';
import type { CertificateField } from '@anchorage/core/rolesanywhere/records';
import { operation } from './context.ts';
import { profiles } from './profiles.ts';

interface PutAttributeMappingInput {
  readonly profileId: string;
  readonly certificateField: CertificateField;
  readonly mappingRules: readonly { readonly specifier: string }[];
}

export const putAttributeMapping = operation<PutAttributeMappingInput>((input, ctx) =>
  profiles.update(ctx, input.profileId, (current) => ({
    attributeMappings: withMapping(
      current.attributeMappings,
      input.certificateField,
      input.mappingRules.map((r) => r.specifier),
    ),
  })),
);

interface DeleteAttributeMappingInput {
  readonly profileId: string;
  readonly certificateField: CertificateField;
  readonly specifiers?: readonly string[];
}

export const deleteAttributeMapping = operation<DeleteAttributeMappingInput>((input, ctx) =>
  profiles.update(ctx, input.profileId, (current) => ({
    attributeMappings: withoutMapping(current.attributeMappings, input.certificateField, input.specifiers),
  })),
);
