/**
 * A server refusal in words a user can act on: the server's own type, message and request id
 * (which ties it to the server's log and audit record), and what usually causes it.
 */
export interface Refusal {
  readonly endpoint: string;
  readonly status: number;
  readonly type: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
}

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /Untrusted Signing Certificate/i,
    'the certificate does not chain to a CA of the trust anchor; if an intermediate CA issued it, pass --intermediates',
  ],
  [
    /Invalid signature/i,
    "the signature did not verify: check this machine's clock and that the key belongs to the certificate",
  ],
  [/revoked/i, 'the certificate is on a CRL of the trust anchor: issue a new one'],
  [/expired/i, 'the certificate or a CA in its chain has expired: renew it'],
  [
    /roleSessionName/i,
    'the profile does not accept role session names: drop --role-session-name or enable acceptRoleSessionName',
  ],
  [
    /Role.*Profile|not one of those listed/i,
    'the role is not among the roles of the profile: check --role-arn and --profile-arn',
  ],
  [/disabled/i, 'the trust anchor or the profile is disabled: enable it'],
  [/SignatureDoesNotMatch|Signature expired|Request.*(time|date)/i, "check this machine's clock"],
];

export function describeRefusal(refusal: Refusal): string {
  const what = `${refusal.type ?? 'error'}${refusal.message === undefined ? '' : `: ${refusal.message}`}`;
  const id = refusal.requestId === undefined ? '' : `, request id ${refusal.requestId}`;
  const hint = HINTS.find(([pattern]) => pattern.test(`${refusal.type ?? ''} ${refusal.message ?? ''}`))?.[1];
  return (
    `CreateSession refused by ${refusal.endpoint} (HTTP ${refusal.status}${id}): ${what}` +
    (hint === undefined ? '' : ` — ${hint}`)
  );
}
