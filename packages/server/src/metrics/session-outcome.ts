/**
 * CreateSession's outcome as a bounded metric label. The wire says little on purpose (trust
 * failures are a uniform AccessDeniedException); the precise `reason` of the refusal (see
 * core/session/session-denied.ts and sessions/create-session.ts) says which check failed, in
 * free text that names certificates and ARNs. Here that text is mapped onto a fixed taxonomy —
 * the failed step, and for path validation the RFC 5280 failure code — so that operators can
 * see *why* sessions are refused without any caller-chosen text becoming a label. A reason not
 * recognised is `other`.
 */
import type { PathFailureCode } from '@anchorage/core/x509/path/path-failure';
import { OTHER } from './registry.ts';

/**
 * Path validation's refusal codes (core/x509/path/path-failure.ts), each its own reason. A
 * Record, so that a code added to the union and not here fails to compile.
 */
const PATH_REASONS: Readonly<Record<PathFailureCode, string>> = {
  untrusted: 'certificate_untrusted',
  'bad-signature': 'certificate_bad_signature',
  expired: 'certificate_expired',
  'not-yet-valid': 'certificate_not_yet_valid',
  revoked: 'certificate_revoked',
  'weak-signature-algorithm': 'certificate_weak_signature_algorithm',
  'weak-key': 'certificate_weak_key',
  'not-a-ca': 'certificate_not_a_ca',
  'path-length-exceeded': 'certificate_path_length_exceeded',
  'ca-key-usage': 'certificate_ca_key_usage',
  'leaf-is-ca': 'certificate_leaf_is_ca',
  'leaf-key-usage': 'certificate_leaf_key_usage',
  'leaf-not-v3': 'certificate_leaf_not_v3',
  'empty-subject': 'certificate_empty_subject',
  'name-constraints': 'certificate_name_constraints',
  'unknown-critical-extension': 'certificate_unknown_critical_extension',
  malformed: 'certificate_malformed',
};

/**
 * AccessDeniedException reasons by the step that refused, in the order the steps run. The
 * patterns match the start of the reasons those steps write.
 */
const DENIED: readonly (readonly [RegExp, string])[] = [
  // Signature (core/session/session-signer.ts) and its SigV4 checks (core/sigv4).
  [/^request dated \S+, \d+ ms (?:before|after) the server clock/, 'clock_skew'],
  [/^credential scope /, 'credential_scope'],
  [
    /^(?:required headers not signed|credential serial |the certificate public key cannot|algorithm \S+ does not fit|the signature does not verify)/,
    'invalid_signature',
  ],
  // The named steps of sessions/create-session.ts.
  [/^no trust anchor /, 'trust_anchor_not_found'],
  [/^trust anchor .* is disabled$/s, 'trust_anchor_disabled'],
  [/^no profile /, 'profile_not_found'],
  [/^profile .* is disabled$/s, 'profile_disabled'],
  [/^role .* is not in profile /s, 'role_not_in_profile'],
  [/^profile .* does not accept roleSessionName$/s, 'session_name_not_allowed'],
  [/^no role /, 'role_not_found'],
  [/^role trust policy refuses /, 'trust_policy_denied'],
  // The replay check (limits/session-admission.ts).
  [/^request replayed/, 'replayed'],
];

/** By error type, for the refusals that are not AccessDeniedException. */
const BY_TYPE: Readonly<Record<string, string>> = {
  ValidationException: 'invalid_request',
  SerializationException: 'invalid_request',
  RequestEntityTooLargeException: 'request_too_large',
  ThrottlingException: 'throttled',
  ServiceUnavailableException: 'unavailable',
  InternalFailure: 'internal_error',
};

/** Every value the `reason` label can take. */
export const SESSION_REASONS: readonly string[] = [
  'none',
  ...new Set([
    ...Object.values(PATH_REASONS),
    ...DENIED.map(([, reason]) => reason),
    ...Object.values(BY_TYPE),
  ]),
  OTHER,
];

export const SESSION_OUTCOMES = ['allowed', 'denied', 'error'] as const;

export interface SessionOutcome {
  readonly outcome: (typeof SESSION_OUTCOMES)[number];
  readonly reason: string;
}

export function sessionOutcomeOf(
  failure: { readonly type: string; readonly reason: string; readonly fault: string } | undefined,
): SessionOutcome {
  if (failure === undefined) return { outcome: 'allowed', reason: 'none' };
  const outcome = failure.fault === 'server' ? 'error' : 'denied';
  if (failure.type !== 'AccessDeniedException') return { outcome, reason: BY_TYPE[failure.type] ?? OTHER };
  // Path validation's reasons are `<code>: <which rule, which certificate>`.
  const code = /^([a-z-]+): /.exec(failure.reason)?.[1];
  if (code !== undefined && Object.hasOwn(PATH_REASONS, code))
    return { outcome, reason: PATH_REASONS[code as PathFailureCode] };
  const step = DENIED.find(([pattern]) => pattern.test(failure.reason));
  return { outcome, reason: step?.[1] ?? OTHER };
}
