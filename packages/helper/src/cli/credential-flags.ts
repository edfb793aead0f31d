/**
 * The flags `credential-process`, `serve` and `update` share, with the official helper's names,
 * defaults and mutually exclusive pairs (protocol notes §4.1), plus Anchorage's additions, which
 * the official helper does not have and which change nothing when left out.
 */
import type { FlagSpecs } from './flags.ts';

export const CREDENTIAL_FLAGS = {
  'role-arn': { kind: 'string', default: '', help: 'Target role to assume' },
  'profile-arn': { kind: 'string', default: '', help: 'Profile to pull policies from' },
  'trust-anchor-arn': { kind: 'string', default: '', help: 'Trust anchor to use for authentication' },
  'session-duration': { kind: 'int', default: 3600, help: 'Duration, in seconds, for the resulting session' },
  region: {
    kind: 'string',
    default: '',
    help: 'Signing region (default: the region of the trust anchor ARN)',
  },
  endpoint: { kind: 'string', default: '', help: 'Endpoint used to call CreateSession' },
  'no-verify-ssl': { kind: 'bool', help: 'To disable SSL verification' },
  'with-proxy': {
    kind: 'bool',
    help: 'To make the CreateSession call with a proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)',
  },
  debug: { kind: 'bool', help: 'To print debug output (never secrets)' },
  certificate: {
    kind: 'string',
    default: '',
    help: 'Certificate: a PEM or PKCS#12 file, env:NAME, - (standard input), or a pkcs11: URI',
  },
  'private-key': {
    kind: 'string',
    default: '',
    help: 'Private key: a PEM file (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1, ML-DSA), env:NAME, - (standard input), or a pkcs11: URI',
  },
  intermediates: {
    kind: 'string',
    default: '',
    help: 'Intermediate certificates: a PEM bundle file, env:NAME or - (standard input)',
  },
  'cert-selector': {
    kind: 'string',
    default: '',
    help: 'Certificate store selector (Windows and macOS only)',
  },
  'system-store-name': {
    kind: 'string',
    default: 'MY',
    help: 'Windows certificate store name (Windows only)',
  },
  'use-latest-expiring-certificate': {
    kind: 'bool',
    help: 'With a selector matching several certificates, use the one that expires last (certificate stores only)',
  },
  'pkcs11-lib': {
    kind: 'string',
    default: '',
    help: 'PKCS#11 module (default: the URI module-path, else p11-kit-proxy.so)',
  },
  'reuse-pin': { kind: 'bool', help: 'Reuse the CKU_USER PIN as the CKU_CONTEXT_SPECIFIC PIN' },
  'tpm-key-password': {
    kind: 'string',
    default: '',
    help: 'Password for a TPM key (TPM keys are not supported; use PKCS#11)',
  },
  'no-tpm-key-password': {
    kind: 'bool',
    help: 'The TPM key has no password (TPM keys are not supported; use PKCS#11)',
  },
  'role-session-name': { kind: 'string', default: '', help: 'An identifier of a role session' },
  'pkcs8-password': {
    kind: 'string',
    default: '',
    help: 'Password of an encrypted PKCS#8 key or a PKCS#12 file (or set ANCHORAGE_PKCS8_PASSWORD)',
  },
} as const satisfies FlagSpecs;

export const CREDENTIAL_EXCLUSIONS = [
  ['certificate', 'cert-selector'],
  ['certificate', 'system-store-name'],
  ['private-key', 'cert-selector'],
  ['private-key', 'system-store-name'],
  ['private-key', 'use-latest-expiring-certificate'],
  ['use-latest-expiring-certificate', 'intermediates'],
  ['use-latest-expiring-certificate', 'reuse-pin'],
  ['cert-selector', 'intermediates'],
  ['cert-selector', 'reuse-pin'],
  ['system-store-name', 'reuse-pin'],
  ['tpm-key-password', 'cert-selector'],
  ['tpm-key-password', 'reuse-pin'],
  ['no-tpm-key-password', 'cert-selector'],
  ['no-tpm-key-password', 'tpm-key-password'],
  ['pkcs8-password', 'tpm-key-password'],
] as const;
