/**
 * Generates the API models from the botocore service models (the AWS API models that ship with
 * the AWS CLI). The model is the specification: HTTP bindings, required members and every
 * length, pattern, enum and range constraint come from it, so each API validates exactly what
 * AWS documents.
 *
 *   rolesanywhere 2018-05-10 → packages/core/src/rolesanywhere/api-model.generated.ts (restJson1:
 *                              every operation, the shapes of their inputs)
 *   iam 2010-05-08           → packages/core/src/iam/api-model.generated.ts (query: the role and
 *                              managed-policy operations Anchorage serves, with outputs and errors)
 *   sts 2011-06-15           → packages/core/src/sts/api-model.generated.ts (query: GetCallerIdentity,
 *                              AssumeRole)
 *   acm-pca 2017-08-22       → packages/core/src/acm-pca/api-model.generated.ts (json 1.1: the private
 *                              CA operations Anchorage serves, with outputs and errors)
 *
 * The query models also carry what the query adapter needs to read form input and write XML
 * exactly as botocore's QuerySerializer and QueryParser expect: output shapes, `resultWrapper`,
 * member `locationName`/`flattened`/`xmlNamespace`, the service `xmlNamespace` and the `error`
 * trait of exception shapes. The json (awsJson1_1) model carries outputs (the adapter writes
 * their timestamps as epoch seconds), the exception shapes and the `X-Amz-Target` prefix.
 *
 * Usage: npm run generate:model [-- path/to/botocore]
 * Default: the botocore found by `python3 -c 'import botocore'`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
  flattened?: boolean;
  xmlNamespace?: { uri: string };
}
interface ModelShape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  union?: boolean;
  flattened?: boolean;
  timestampFormat?: string;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
interface Model {
  metadata: {
    apiVersion: string;
    uid: string;
    protocol: string;
    endpointPrefix: string;
    signingName?: string;
    xmlNamespace?: string;
    targetPrefix?: string;
  };
  operations: Record<
    string,
    {
      http: { method: string; requestUri: string; responseCode?: number };
      input?: { shape: string };
      output?: { shape: string; resultWrapper?: string };
      errors?: { shape: string }[];
    }
  >;
  shapes: Record<string, ModelShape>;
}

interface Target {
  /** botocore `data/<service>/<version>`. */
  readonly source: string;
  readonly output: string;
  /** Only these operations; all when absent. */
  readonly operations?: readonly string[];
  /** Query protocol: include outputs, errors and the XML serialisation traits. */
  readonly query: boolean;
  /** JSON protocol (awsJson1_1): include outputs, errors, exception shapes and the target prefix. */
  readonly json?: boolean;
}

const IAM_OPERATIONS = [
  'CreateRole',
  'GetRole',
  'ListRoles',
  'UpdateRole',
  'UpdateRoleDescription',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'TagRole',
  'UntagRole',
  'ListRoleTags',
  'PutRolePolicy',
  'GetRolePolicy',
  'DeleteRolePolicy',
  'ListRolePolicies',
  'CreatePolicy',
  'GetPolicy',
  'DeletePolicy',
  'ListPolicies',
  'CreatePolicyVersion',
  'GetPolicyVersion',
  'ListPolicyVersions',
  'DeletePolicyVersion',
  'SetDefaultPolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'ListAttachedRolePolicies',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'SimulatePrincipalPolicy',
  'SimulateCustomPolicy',
];

const ACM_PCA_OPERATIONS = [
  'CreateCertificateAuthority',
  'DescribeCertificateAuthority',
  'ListCertificateAuthorities',
  'GetCertificateAuthorityCsr',
  'GetCertificateAuthorityCertificate',
  'ImportCertificateAuthorityCertificate',
  'IssueCertificate',
  'GetCertificate',
  'RevokeCertificate',
  'UpdateCertificateAuthority',
  'DeleteCertificateAuthority',
  'RestoreCertificateAuthority',
  'TagCertificateAuthority',
  'UntagCertificateAuthority',
  'ListTags',
];

const TARGETS: readonly Target[] = [
  {
    source: 'rolesanywhere/2018-05-10',
    output: 'packages/core/src/rolesanywhere/api-model.generated.ts',
    query: false,
  },
  {
    source: 'iam/2010-05-08',
    output: 'packages/core/src/iam/api-model.generated.ts',
    operations: IAM_OPERATIONS,
    query: true,
  },
  {
    source: 'sts/2011-06-15',
    output: 'packages/core/src/sts/api-model.generated.ts',
    operations: ['GetCallerIdentity', 'AssumeRole'],
    query: true,
  },
  {
    source: 'acm-pca/2017-08-22',
    output: 'packages/core/src/acm-pca/api-model.generated.ts',
    operations: ACM_PCA_OPERATIONS,
    query: false,
    json: true,
  },
];

function installedBotocore(): { dir: string; version: string } {
  const out = execFileSync('python3', [
    '-c',
    'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)',
  ])
    .toString()
    .trim()
    .split('\n');
  const [dir = '', version = 'unknown'] = out;
  return { dir, version: `botocore ${version}` };
}

/**
 * Model patterns are Java regular expressions; the validator runs them as JavaScript `u`-mode
 * expressions, where escaping a character that needs no escape (`\,` in IAM's policyPathType)
 * is a syntax error. Such identity escapes are dropped: the expression matches the same strings.
 */
function toJsPattern(pattern: string): string {
  const converted = pattern.replace(/\\([^A-Za-z0-9\\^$.*+?()[\]{}|/-])/g, '$1');
  new RegExp(`^(?:${converted})$`, 'u'); // throws here, at generation time, if still not valid
  return converted;
}

function generate(target: Target, botocore: { dir: string; version: string }): string {
  const path = join(botocore.dir, 'data', target.source, 'service-2.json.gz');
  const model = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Model;
  const names = target.operations ?? Object.keys(model.operations);
  const chosen = names.map((name) => {
    const op = model.operations[name];
    if (op === undefined) throw new Error(`${model.metadata.uid} has no operation ${name}`);
    return [name, op] as const;
  });

  // Only the shapes reachable from what the adapter reads (inputs) and, for query and json,
  // writes (outputs and modelled errors) are needed.
  const withOutputs = target.query || target.json === true;
  const reachable = new Set<string>();
  const visit = (name: string): void => {
    if (reachable.has(name)) return;
    reachable.add(name);
    const shape = model.shapes[name];
    if (shape === undefined) throw new Error(`unknown shape ${name}`);
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref !== undefined) visit(ref.shape);
  };
  for (const [, op] of chosen) {
    if (op.input !== undefined) visit(op.input.shape);
    if (withOutputs) {
      if (op.output !== undefined) visit(op.output.shape);
      for (const e of op.errors ?? []) visit(e.shape);
    }
  }

  const compactMember = (m: ShapeRef): Record<string, unknown> => ({
    shape: m.shape,
    ...(m.location === undefined ? {} : { location: m.location }),
    ...(m.locationName === undefined ? {} : { locationName: m.locationName }),
    ...(target.query && m.flattened === true ? { flattened: true } : {}),
    ...(target.query && m.xmlNamespace !== undefined ? { xmlNamespace: m.xmlNamespace.uri } : {}),
  });

  const compactShape = (shape: ModelShape): Record<string, unknown> => {
    const out: Record<string, unknown> = { type: shape.type };
    if (shape.members !== undefined) {
      out.members = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, compactMember(m)]));
      out.required = shape.required ?? [];
    }
    if (shape.member !== undefined) out.member = shape.member.shape;
    if (shape.key !== undefined) out.key = shape.key.shape;
    if (shape.value !== undefined) out.value = shape.value.shape;
    for (const k of ['min', 'max', 'pattern', 'enum', 'sensitive', 'union'] as const) {
      const value = shape[k];
      if (value !== undefined) out[k] = k === 'pattern' ? toJsPattern(String(value)) : value;
    }
    if (target.query) {
      if (shape.flattened === true) out.flattened = true;
      if (shape.member?.locationName !== undefined) out.memberLocationName = shape.member.locationName;
      if (shape.key?.locationName !== undefined) out.keyLocationName = shape.key.locationName;
      if (shape.value?.locationName !== undefined) out.valueLocationName = shape.value.locationName;
      if (shape.timestampFormat !== undefined) out.timestampFormat = shape.timestampFormat;
    }
    if (withOutputs && shape.exception === true) out.exception = true;
    if (target.query && shape.error !== undefined) {
      out.error = {
        code: shape.error.code,
        httpStatusCode: shape.error.httpStatusCode,
        senderFault: shape.error.senderFault === true,
      };
    }
    return out;
  };

  const operations = Object.fromEntries(
    chosen.map(([name, op]) => [
      name,
      {
        method: op.http.method,
        uri: op.http.requestUri,
        status: op.http.responseCode ?? 200,
        ...(op.input === undefined ? {} : { input: op.input.shape }),
        errors: (op.errors ?? []).map((e) => e.shape),
        ...(withOutputs && op.output !== undefined ? { output: op.output.shape } : {}),
        ...(target.query && op.output?.resultWrapper !== undefined
          ? { resultWrapper: op.output.resultWrapper }
          : {}),
      },
    ]),
  );
  const shapes = Object.fromEntries(
    [...reachable].sort().map((name) => [name, compactShape(model.shapes[name] as ModelShape)]),
  );
  const { metadata } = model;
  const body = withOutputs
    ? {
        metadata: {
          apiVersion: metadata.apiVersion,
          protocol: metadata.protocol,
          uid: metadata.uid,
          signingName: metadata.signingName ?? metadata.endpointPrefix,
          ...(metadata.xmlNamespace === undefined ? {} : { xmlNamespace: metadata.xmlNamespace }),
          ...(metadata.targetPrefix === undefined ? {} : { targetPrefix: metadata.targetPrefix }),
        },
        operations,
        shapes,
      }
    : { operations, shapes };

  writeFileSync(
    new URL(`../${target.output}`, import.meta.url),
    `// Generated by tools/generate-api-model.ts from the AWS API model ${metadata.uid}
// (${botocore.version}). Do not edit by hand: run \`npm run generate:model\`.
import type { ApiModel } from '../api-model/types.ts';

export const apiModel: ApiModel = ${JSON.stringify(body, null, 2)};
`,
  );
  return `${target.output}: ${Object.keys(operations).length} operations and ${reachable.size} shapes`;
}

const given = process.argv[2];
const botocore = given === undefined ? installedBotocore() : { dir: given, version: given };
for (const target of TARGETS) console.log(`wrote ${generate(target, botocore)}`);
