/**
 * The private CA as an awsJson1_1 service: every ACM PCA 2017-08-22 operation Anchorage serves,
 * each authorised as `acm-pca:<Operation>` on the CA's ARN (`*` for creating and listing), as
 * the Service Authorization Reference for AWS Private CA defines them. Anchorage adds one
 * operation of its own, GetCertificateAuthorityCrl (the CA's current CRL), modelled here in the
 * model's own terms since botocore's model does not have it.
 */
import { apiModel as acmPcaModel } from '@anchorage/core/acm-pca/api-model.generated';
import type { ApiModel } from '@anchorage/core/api-model/types';
import type { JsonRpcService } from '../http/json-rpc.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import {
  getCertificate,
  getCertificateAuthorityCertificate,
  getCertificateAuthorityCrl,
  getCertificateAuthorityCsr,
} from './ca-material.ts';
import { type AcmPcaHandler, acmPcaOperation } from './context.ts';
import { createCertificateAuthority } from './create-ca.ts';
import { describeCertificateAuthority, listCertificateAuthorities } from './describe-ca.ts';
import { importCertificateAuthorityCertificate } from './import-ca-certificate.ts';
import { issueCertificate } from './issue-certificate.ts';
import {
  deleteCertificateAuthority,
  restoreCertificateAuthority,
  updateCertificateAuthority,
} from './lifecycle.ts';
import { revokeCertificate } from './revoke-certificate.ts';
import { listTags, tagCertificateAuthority, untagCertificateAuthority } from './tags.ts';

/** The model with Anchorage's GetCertificateAuthorityCrl added. */
export const ACM_PCA_MODEL: ApiModel = {
  ...acmPcaModel,
  operations: {
    ...acmPcaModel.operations,
    GetCertificateAuthorityCrl: {
      method: 'POST',
      uri: '/',
      status: 200,
      input: 'GetCertificateAuthorityCrlRequest',
      errors: ['ResourceNotFoundException', 'InvalidArnException', 'InvalidStateException'],
      output: 'GetCertificateAuthorityCrlResponse',
    },
  },
  shapes: {
    ...acmPcaModel.shapes,
    GetCertificateAuthorityCrlRequest: {
      type: 'structure',
      members: { CertificateAuthorityArn: { shape: 'Arn' } },
      required: ['CertificateAuthorityArn'],
    },
    GetCertificateAuthorityCrlResponse: {
      type: 'structure',
      members: { Crl: { shape: 'String' } },
      required: [],
    },
  },
};

const HANDLERS: Readonly<Record<string, AcmPcaHandler<never>>> = {
  CreateCertificateAuthority: createCertificateAuthority,
  DescribeCertificateAuthority: describeCertificateAuthority,
  ListCertificateAuthorities: listCertificateAuthorities,
  GetCertificateAuthorityCsr: getCertificateAuthorityCsr,
  GetCertificateAuthorityCertificate: getCertificateAuthorityCertificate,
  GetCertificateAuthorityCrl: getCertificateAuthorityCrl,
  ImportCertificateAuthorityCertificate: importCertificateAuthorityCertificate,
  IssueCertificate: issueCertificate,
  GetCertificate: getCertificate,
  RevokeCertificate: revokeCertificate,
  UpdateCertificateAuthority: updateCertificateAuthority,
  DeleteCertificateAuthority: deleteCertificateAuthority,
  RestoreCertificateAuthority: restoreCertificateAuthority,
  TagCertificateAuthority: tagCertificateAuthority,
  UntagCertificateAuthority: untagCertificateAuthority,
  ListTags: listTags,
};

/** The service the HTTP edge serves; `box` seals and opens the CA keys. */
export function acmPcaService(box: SecretBox): JsonRpcService {
  const operations = Object.fromEntries(
    Object.entries(HANDLERS).map(([name, handler]) => [name, acmPcaOperation(box, name, handler)]),
  );
  return { model: ACM_PCA_MODEL, operations };
}
