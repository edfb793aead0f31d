/**
 * CreateSession's admission, run once the certificate chain has validated to the trust anchor
 * (create-session.ts calls it between path validation and the role lookup):
 *
 * - the trust anchor's token bucket (a quota for the anchor's workloads together);
 * - the replay cache: a signed request is accepted at most once within the clock-skew window.
 *   The key is SHA-256 over the signing certificate's fingerprint and the string to sign (which
 *   holds the hash of the canonical request: method, path, query, signed headers, body), not over
 *   the signature alone: an ECDSA signature (r, s) has a twin (r, n − s) that verifies just as
 *   well, so whoever captured a request could replay it under a new signature. Two requests with
 *   the same signed content from the same certificate are therefore one request, however they
 *   were signed (RSA PKCS#1 v1.5 is deterministic anyway: the same request signed in the same
 *   second is the same bytes); a client that retries must change what it signs (the date, or an
 *   attempt header as the AWS SDKs' `amz-sdk-request`). The entry lives until the request's date
 *   plus the skew, after which the request is refused as stale anyway (sigv4/clock-skew.ts).
 *
 * Both come only after the signature verified — a forged copy of a request can neither fill the
 * cache nor lock out the real one — and after the chain validated, so that a flood signed with
 * self-made certificates can neither drain an anchor's bucket (and starve its workloads) nor fill
 * the cache. What bounds the cost of such a flood is the per-source bucket and the concurrency
 * cap, both checked before the body is read (docs/limits.md).
 */
import { createHash } from 'node:crypto';
import { AnchorageError } from '@anchorage/core/errors';
import type { SessionSigner } from '@anchorage/core/session/session-signer';
import { DEFAULT_MAX_SKEW_MS } from '@anchorage/core/sigv4/limits';
import type { Admission } from './admission.ts';
import type { AdmissionOutcome, AdmissionRequest } from './admission-engine.ts';
import { LimitRefusal, limitRejections, replayCacheFull, throttled } from './limit-refusal.ts';

/** What create-session.ts hands over: the anchor, and what the verified signature covered. */
export interface SessionAttempt {
  readonly trustAnchorArn: string;
  readonly signer: SessionSigner;
  /** The string to sign the signature verified over (session-signer.ts returns it). */
  readonly stringToSign: string;
}

export type AdmitSession = (attempt: SessionAttempt) => Promise<void>;

export function sessionAdmission(admission: Admission): AdmitSession {
  return async ({ trustAnchorArn, signer, stringToSign }) => {
    const key = replayKey(signer.leaf.fingerprintSha256, stringToSign);
    await admitOrRefuse(admission, {
      takes: [{ bucket: 'createSessionPerAnchor', key: trustAnchorArn }],
      replay: { key, expiresAt: signer.signedAtMs + DEFAULT_MAX_SKEW_MS },
    });
  };
}

/** Asks for admission; throws the refusal unless admitted (503 when the answer cannot be had). */
export async function admitOrRefuse(admission: Admission, request: AdmissionRequest): Promise<void> {
  let outcome: AdmissionOutcome;
  try {
    outcome = await admission.admit(request);
  } catch (error) {
    throw new LimitRefusal(
      'ServiceUnavailableException',
      'The server is busy; retry later',
      1,
      `admission failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  refuseUnlessAdmitted(outcome);
}

/** Throws the refusal an outcome stands for. */
function refuseUnlessAdmitted(outcome: AdmissionOutcome): void {
  switch (outcome.kind) {
    case 'admitted':
      return;
    case 'throttled':
      throw throttled(outcome.bucket, outcome.waitMs, outcome.key);
    case 'full':
      throw replayCacheFull(outcome.waitMs, outcome.size);
    case 'replayed':
      limitRejections.replayed += 1;
      // Uniform on the wire like every trust failure; precise in the log and the audit record.
      throw new AnchorageError('AccessDeniedException', 'Access denied', {
        reason: 'request replayed: this signature was accepted before, within the clock-skew window',
      });
  }
}

/** SHA-256 of the signer's certificate fingerprint and the string to sign, hex. */
export function replayKey(certificateSha256: string, stringToSign: string): string {
  return createHash('sha256').update(`${certificateSha256}\n${stringToSign}`).digest('hex');
}
