/**
 * `anchorage quickstart`: from a running server to working credentials in one command. It makes
 * (or finds, when run again) a private CA, a trust anchor on it, a role whose trust policy admits
 * only that anchor (`aws:SourceArn`) with a read-only example policy, and a profile; issues a
 * workload certificate and key into the output directory; writes an AWS config whose
 * `credential_process` runs Anchorage's helper; and prints the command that proves it works.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeFlags, parseFlags } from '@anchorage/helper/cli/flags';
import { type ApiClient, ApiError } from '../client/api-client.ts';
import { createCertificateAuthority, issueCertificate } from '../client/private-ca.ts';
import type { CommandIo } from './ca.ts';
import { CLIENT_FLAGS, clientFrom } from './client-flags.ts';

const NAMES = {
  caSubject: 'CN=Anchorage Quickstart CA,O=Anchorage',
  trustAnchor: 'anchorage-quickstart',
  role: 'AnchorageQuickstart',
  policy: 'AnchorageQuickstartReadOnly',
  profile: 'anchorage-quickstart',
  workloadSubject: 'CN=quickstart-workload,O=Anchorage',
};

const QUICKSTART_FLAGS = {
  ...CLIENT_FLAGS,
  out: {
    kind: 'string',
    default: './anchorage-quickstart',
    help: 'Directory for the workload certificate, key and aws-config',
  },
} as const;

/** The bin script of this very installation, run by this very Node.js: no PATH or npx needed. */
const ANCHORAGE_BIN = new URL('../../bin/anchorage.js', import.meta.url).pathname;

export async function quickstartCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`usage: anchorage quickstart [flags]\n\n${describeFlags(QUICKSTART_FLAGS)}\n`);
    return 0;
  }
  const { values } = parseFlags(argv, QUICKSTART_FLAGS);
  const { client, region, endpoint } = clientFrom(values, io.env);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const step = (text: string) => io.out(`• ${text}\n`);

  const caArn = await ensureCa(client, step);
  const trustAnchorArn = await ensureTrustAnchor(client, caArn, step);
  const { roleArn, accountId } = await ensureRole(client, trustAnchorArn, step);
  const profileArn = await ensureProfile(client, roleArn, step);
  const files = await ensureWorkloadCertificate(client, caArn, out, step);

  const helper = [
    process.execPath,
    ANCHORAGE_BIN,
    'credential-process',
    '--certificate',
    files.certificate,
    '--private-key',
    files.privateKey,
    '--trust-anchor-arn',
    trustAnchorArn,
    '--profile-arn',
    profileArn,
    '--role-arn',
    roleArn,
    '--endpoint',
    endpoint,
  ];
  const configFile = join(out, 'aws-config');
  writeFileSync(
    configFile,
    `# Written by anchorage quickstart. Use it with AWS_CONFIG_FILE=${configFile}\n` +
      `[profile anchorage]\nregion = ${region}\ncredential_process = ${helper.map(shellWord).join(' ')}\n`,
  );
  step(`wrote ${configFile} (profile anchorage, account ${accountId})`);
  io.out(
    `\nDone. Prove it:\n\n  AWS_CONFIG_FILE=${shellWord(configFile)} aws sts get-caller-identity --profile anchorage --endpoint-url ${endpoint}\n`,
  );
  return 0;
}

async function ensureCa(client: ApiClient, step: (text: string) => void): Promise<string> {
  let token: string | undefined;
  do {
    const page = await client.acmPca(
      'ListCertificateAuthorities',
      token === undefined ? {} : { NextToken: token },
    );
    for (const ca of (page.CertificateAuthorities as Array<Record<string, unknown>> | undefined) ?? []) {
      const config = ca.CertificateAuthorityConfiguration as
        | { Subject?: { CommonName?: string } }
        | undefined;
      if (ca.Status === 'ACTIVE' && config?.Subject?.CommonName === 'Anchorage Quickstart CA') {
        step(`private CA ${String(ca.Arn)} (existing)`);
        return String(ca.Arn);
      }
    }
    token = typeof page.NextToken === 'string' ? page.NextToken : undefined;
  } while (token !== undefined);
  const created = await createCertificateAuthority(client, {
    type: 'ROOT',
    keyAlgorithm: 'EC_prime256v1',
    subject: NAMES.caSubject,
    validityDays: 3650,
  });
  step(`private CA ${created.arn} (created)`);
  return created.arn;
}

async function ensureTrustAnchor(
  client: ApiClient,
  caArn: string,
  step: (text: string) => void,
): Promise<string> {
  const existing = await findByName(client, '/trustanchors', 'trustAnchors', NAMES.trustAnchor);
  if (existing !== undefined) {
    const source = existing.source as { sourceData?: { acmPcaArn?: string } };
    if (source.sourceData?.acmPcaArn === caArn) {
      if (existing.enabled !== true)
        await client.rolesAnywhere('POST', `/trustanchor/${String(existing.trustAnchorId)}/enable`);
      step(`trust anchor ${String(existing.trustAnchorArn)} (existing)`);
      return String(existing.trustAnchorArn);
    }
    await client.rolesAnywhere('PATCH', `/trustanchor/${String(existing.trustAnchorId)}`, {
      source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: caArn } },
    });
    await client.rolesAnywhere('POST', `/trustanchor/${String(existing.trustAnchorId)}/enable`);
    step(`trust anchor ${String(existing.trustAnchorArn)} (now on the CA)`);
    return String(existing.trustAnchorArn);
  }
  const created = (
    await client.rolesAnywhere('POST', '/trustanchors', {
      name: NAMES.trustAnchor,
      enabled: true,
      source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: caArn } },
    })
  ).trustAnchor as Record<string, unknown>;
  step(`trust anchor ${String(created.trustAnchorArn)} (created)`);
  return String(created.trustAnchorArn);
}

async function ensureRole(
  client: ApiClient,
  trustAnchorArn: string,
  step: (text: string) => void,
): Promise<{ roleArn: string; accountId: string }> {
  const trustPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: { ArnEquals: { 'aws:SourceArn': trustAnchorArn } },
      },
    ],
  });
  let xml: string;
  let state: string;
  try {
    xml = await client.iam('GetRole', { RoleName: NAMES.role });
    await client.iam('UpdateAssumeRolePolicy', { RoleName: NAMES.role, PolicyDocument: trustPolicy });
    state = 'existing';
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'NoSuchEntity') throw error;
    xml = await client.iam('CreateRole', {
      RoleName: NAMES.role,
      AssumeRolePolicyDocument: trustPolicy,
      Description: 'Made by anchorage quickstart: workloads with a certificate from the quickstart CA',
    });
    state = 'created';
  }
  const roleArn = /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  if (roleArn === undefined) throw new Error('the IAM response carries no role ARN');
  const accountId = roleArn.split(':')[4] ?? '';
  const policyArn = `arn:aws:iam::${accountId}:policy/${NAMES.policy}`;
  try {
    await client.iam('GetPolicy', { PolicyArn: policyArn });
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'NoSuchEntity') throw error;
    await client.iam('CreatePolicy', {
      PolicyName: NAMES.policy,
      Description: 'A read-only example: who am I, and read IAM and Roles Anywhere',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadOnlyExample',
            Effect: 'Allow',
            Action: [
              'sts:GetCallerIdentity',
              'iam:Get*',
              'iam:List*',
              'rolesanywhere:Get*',
              'rolesanywhere:List*',
            ],
            Resource: '*',
          },
        ],
      }),
    });
  }
  await client.iam('AttachRolePolicy', { RoleName: NAMES.role, PolicyArn: policyArn });
  step(`role ${roleArn} with policy ${NAMES.policy}, trusting only the anchor (${state})`);
  return { roleArn, accountId };
}

async function ensureProfile(
  client: ApiClient,
  roleArn: string,
  step: (text: string) => void,
): Promise<string> {
  const existing = await findByName(client, '/profiles', 'profiles', NAMES.profile);
  if (existing !== undefined) {
    const roles = (existing.roleArns as string[] | undefined) ?? [];
    if (!roles.includes(roleArn)) {
      await client.rolesAnywhere('PATCH', `/profile/${String(existing.profileId)}`, {
        roleArns: [...roles, roleArn],
      });
    }
    if (existing.enabled !== true)
      await client.rolesAnywhere('POST', `/profile/${String(existing.profileId)}/enable`);
    step(`profile ${String(existing.profileArn)} (existing)`);
    return String(existing.profileArn);
  }
  const created = (
    await client.rolesAnywhere('POST', '/profiles', {
      name: NAMES.profile,
      enabled: true,
      roleArns: [roleArn],
    })
  ).profile as Record<string, unknown>;
  step(`profile ${String(created.profileArn)} (created)`);
  return String(created.profileArn);
}

/** Reuses a certificate of this CA valid for at least another day; otherwise issues a new one. */
async function ensureWorkloadCertificate(
  client: ApiClient,
  caArn: string,
  out: string,
  step: (text: string) => void,
): Promise<{ certificate: string; privateKey: string }> {
  const certificate = join(out, 'workload.pem');
  const privateKey = join(out, 'workload.key');
  const caFile = join(out, 'ca-arn');
  if (
    existsSync(certificate) &&
    existsSync(privateKey) &&
    existsSync(caFile) &&
    readFileSync(caFile, 'utf8').trim() === caArn
  ) {
    const validTo = Date.parse(new X509Certificate(readFileSync(certificate)).validTo);
    if (validTo - Date.now() > 86_400_000) {
      step(`workload certificate ${certificate} (existing, valid until ${new Date(validTo).toISOString()})`);
      return { certificate, privateKey };
    }
  }
  const issued = await issueCertificate(client, {
    caArn,
    subject: NAMES.workloadSubject,
    keyAlgorithm: 'EC_prime256v1',
    dnsNames: ['quickstart-workload.anchorage.internal'],
    validityDays: 30,
  });
  writeFileSync(privateKey, issued.privateKeyPem ?? '', { mode: 0o600 });
  chmodSync(privateKey, 0o600);
  writeFileSync(certificate, issued.certificatePem);
  writeFileSync(caFile, `${caArn}\n`);
  step(`workload certificate ${certificate} and key ${privateKey} (issued, serial ${issued.serial})`);
  return { certificate, privateKey };
}

async function findByName(
  client: ApiClient,
  path: string,
  field: string,
  name: string,
): Promise<Record<string, unknown> | undefined> {
  let token: string | undefined;
  do {
    const page = await client.rolesAnywhere(
      'GET',
      path,
      undefined,
      token === undefined ? {} : { nextToken: token },
    );
    const found = ((page[field] as Array<Record<string, unknown>> | undefined) ?? []).find(
      (r) => r.name === name,
    );
    if (found !== undefined) return found;
    token = typeof page.nextToken === 'string' ? page.nextToken : undefined;
  } while (token !== undefined);
  return undefined;
}

/** Quoted for botocore's shlex.split and for a POSIX shell alike. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}
