/**
 * `anchorage ca create | issue | revoke | list | crl`: the private CA from the command line, over
 * the same ACM PCA API `aws acm-pca` speaks. `create` is the one-step shortcut for the
 * CreateCertificateAuthority → GetCertificateAuthorityCsr → IssueCertificate →
 * ImportCertificateAuthorityCertificate flow.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFlags, FlagError, type FlagSpecs, parseFlags } from '@anchorage/helper/cli/flags';
import {
  CA_KEY_ALGORITHMS,
  type CaKeyAlgorithm,
  createCertificateAuthority,
  issueCertificate,
} from '../client/private-ca.ts';
import { CLIENT_FLAGS, clientFrom } from './client-flags.ts';

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
}

const list = (text: string): string[] =>
  text === ''
    ? []
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

function keyAlgorithm(text: string): CaKeyAlgorithm {
  if (!(CA_KEY_ALGORITHMS as readonly string[]).includes(text)) {
    throw new FlagError(
      `--key-algorithm must be one of ${CA_KEY_ALGORITHMS.join(', ')}, not ${JSON.stringify(text)}`,
    );
  }
  return text as CaKeyAlgorithm;
}

function positive(flag: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new FlagError(`${flag} must be between 1 and ${max}, not ${value}`);
  return value;
}

const CREATE_FLAGS = {
  ...CLIENT_FLAGS,
  type: { kind: 'string', default: 'root', help: 'root or subordinate' },
  'key-algorithm': { kind: 'string', default: 'EC_prime256v1', help: CA_KEY_ALGORITHMS.join(' | ') },
  subject: {
    kind: 'string',
    default: 'CN=Anchorage Root CA',
    help: 'Distinguished name, e.g. "CN=Example Root CA,O=Example"',
  },
  'validity-days': { kind: 'int', default: 3650, help: 'Validity of the CA certificate' },
  'path-length': {
    kind: 'int',
    default: -1,
    help: 'basicConstraints pathLenConstraint (0..3; default none for a root, 0 for a subordinate)',
  },
  'permitted-dns': {
    kind: 'string',
    default: '',
    help: 'Name constraints: permitted DNS subtrees, comma-separated',
  },
  'excluded-dns': {
    kind: 'string',
    default: '',
    help: 'Name constraints: excluded DNS subtrees, comma-separated',
  },
  'parent-ca-arn': {
    kind: 'string',
    default: '',
    help: 'For a subordinate: the Anchorage CA that signs it (else its CSR is printed)',
  },
} as const;

const ISSUE_FLAGS = {
  ...CLIENT_FLAGS,
  'ca-arn': { kind: 'string', default: '', help: 'The issuing CA' },
  csr: {
    kind: 'string',
    default: '',
    help: 'A PEM certificate signing request; without it a key is generated here',
  },
  'key-algorithm': {
    kind: 'string',
    default: 'EC_prime256v1',
    help: `Key to generate: ${CA_KEY_ALGORITHMS.join(' | ')}`,
  },
  subject: {
    kind: 'string',
    default: '',
    help: 'Subject of the generated key\'s request, e.g. "CN=workload-1,O=Example"',
  },
  dns: { kind: 'string', default: '', help: 'DNS subject alternative names, comma-separated' },
  uri: {
    kind: 'string',
    default: '',
    help: 'URI subject alternative names (e.g. spiffe://…), comma-separated',
  },
  'validity-days': { kind: 'int', default: 30, help: 'Validity of the certificate' },
  out: {
    kind: 'string',
    default: '.',
    help: 'Directory for certificate.pem, chain.pem and (generated) private-key.pem',
  },
} as const;

const REVOKE_FLAGS = {
  ...CLIENT_FLAGS,
  'ca-arn': { kind: 'string', default: '', help: 'The issuing CA' },
  serial: { kind: 'string', default: '', help: 'Serial number of the certificate (hex, colons allowed)' },
  reason: {
    kind: 'string',
    default: 'UNSPECIFIED',
    help: 'UNSPECIFIED | KEY_COMPROMISE | SUPERSEDED | CESSATION_OF_OPERATION | AFFILIATION_CHANGED | PRIVILEGE_WITHDRAWN | …',
  },
} as const;

const CRL_FLAGS = {
  ...CLIENT_FLAGS,
  'ca-arn': { kind: 'string', default: '', help: 'The CA' },
  out: { kind: 'string', default: '', help: 'Write the CRL (PEM) to this file instead of standard output' },
} as const;

export const CA_USAGE = `usage: anchorage ca <create|issue|revoke|list|crl> [flags]   (anchorage ca <command> --help)

  create   create a root or subordinate CA (key generated and kept encrypted by the server)
  issue    issue a workload certificate (digitalSignature, clientAuth) from a CSR or a key generated here
  revoke   revoke a certificate; CreateSession refuses it at once
  list     the CAs
  crl      the current CRL of a CA
`;

const SUBCOMMAND_FLAGS: Readonly<Record<string, FlagSpecs>> = {
  create: CREATE_FLAGS,
  issue: ISSUE_FLAGS,
  revoke: REVOKE_FLAGS,
  list: CLIENT_FLAGS,
  crl: CRL_FLAGS,
};

export async function caCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const flags = sub === undefined ? undefined : SUBCOMMAND_FLAGS[sub];
  if (flags !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(`usage: anchorage ca ${sub} [flags]\n\n${describeFlags(flags)}\n`);
    return 0;
  }
  switch (sub) {
    case 'create': {
      const { values } = parseFlags(rest, CREATE_FLAGS);
      const type =
        values.type === 'root' ? 'ROOT' : values.type === 'subordinate' ? 'SUBORDINATE' : undefined;
      if (type === undefined)
        throw new FlagError(`--type must be root or subordinate, not ${JSON.stringify(values.type)}`);
      const pathLength = values['path-length'];
      if (pathLength !== -1 && (pathLength < 0 || pathLength > 3))
        throw new FlagError('--path-length must be between 0 and 3');
      const { client } = clientFrom(values, io.env);
      const created = await createCertificateAuthority(client, {
        type,
        keyAlgorithm: keyAlgorithm(values['key-algorithm']),
        subject: values.subject,
        validityDays: positive('--validity-days', values['validity-days'], 36500),
        ...(pathLength === -1 ? {} : { pathLength }),
        permittedDns: list(values['permitted-dns']),
        excludedDns: list(values['excluded-dns']),
        ...(values['parent-ca-arn'] === '' ? {} : { parentArn: values['parent-ca-arn'] }),
      });
      io.out(`${JSON.stringify(created, null, 2)}\n`);
      return 0;
    }
    case 'issue': {
      const { values } = parseFlags(rest, ISSUE_FLAGS);
      if (values['ca-arn'] === '') throw new FlagError('--ca-arn is required');
      if (values.csr === '' && values.subject === '')
        throw new FlagError('give --csr FILE, or --subject to generate a key here');
      const { client } = clientFrom(values, io.env);
      const issued = await issueCertificate(client, {
        caArn: values['ca-arn'],
        ...(values.csr === ''
          ? { subject: values.subject, keyAlgorithm: keyAlgorithm(values['key-algorithm']) }
          : { csrPem: readFileSync(values.csr, 'utf8') }),
        dnsNames: list(values.dns),
        uris: list(values.uri),
        validityDays: positive('--validity-days', values['validity-days'], 36500),
      });
      mkdirSync(values.out, { recursive: true });
      const files = {
        certificate: join(values.out, 'certificate.pem'),
        chain: join(values.out, 'chain.pem'),
      } as Record<string, string>;
      writeFileSync(files.certificate as string, issued.certificatePem);
      writeFileSync(files.chain as string, issued.chainPem);
      if (issued.privateKeyPem !== undefined) {
        files.privateKey = join(values.out, 'private-key.pem');
        writeFileSync(files.privateKey, issued.privateKeyPem, { mode: 0o600 });
        chmodSync(files.privateKey, 0o600);
      }
      io.out(`${JSON.stringify({ CertificateArn: issued.arn, Serial: issued.serial, files }, null, 2)}\n`);
      return 0;
    }
    case 'revoke': {
      const { values } = parseFlags(rest, REVOKE_FLAGS);
      if (values['ca-arn'] === '' || values.serial === '')
        throw new FlagError('--ca-arn and --serial are required');
      const { client } = clientFrom(values, io.env);
      await client.acmPca('RevokeCertificate', {
        CertificateAuthorityArn: values['ca-arn'],
        CertificateSerial: values.serial,
        RevocationReason: values.reason,
      });
      io.out(`revoked ${values.serial}\n`);
      return 0;
    }
    case 'list': {
      const { values } = parseFlags(rest, CLIENT_FLAGS);
      const { client } = clientFrom(values, io.env);
      const authorities: unknown[] = [];
      let token: string | undefined;
      do {
        const page = await client.acmPca(
          'ListCertificateAuthorities',
          token === undefined ? {} : { NextToken: token },
        );
        authorities.push(...((page.CertificateAuthorities as unknown[] | undefined) ?? []));
        token = typeof page.NextToken === 'string' ? page.NextToken : undefined;
      } while (token !== undefined);
      io.out(`${JSON.stringify(authorities, null, 2)}\n`);
      return 0;
    }
    case 'crl': {
      const { values } = parseFlags(rest, CRL_FLAGS);
      if (values['ca-arn'] === '') throw new FlagError('--ca-arn is required');
      const { client } = clientFrom(values, io.env);
      const { Crl: crlPem } = await client.acmPca('GetCertificateAuthorityCrl', {
        CertificateAuthorityArn: values['ca-arn'],
      });
      if (values.out === '') io.out(String(crlPem));
      else writeFileSync(values.out, String(crlPem));
      return 0;
    }
    default:
      io.out(CA_USAGE);
      return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
  }
}
