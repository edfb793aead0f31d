/**
 * SigV4-X509 signing (protocol notes §2.4): the request CreateSession expects, signed with a
 * certificate's private key. The caller sets `X-Amz-X509` (and `X-Amz-X509-Chain`) on the request
 * first, so that they are signed; the credential id is the certificate serial in decimal.
 */
import type { KeyObject } from 'node:crypto';
import { ROLES_ANYWHERE_SERVICE, type X509Algorithm } from './algorithms.ts';
import { formatAuthorization, prepareSigning, signingResult } from './prepare-signing.ts';
import type { SignedRequest } from './signed-request.ts';
import type { SigningResult } from './signing-result.ts';
import { SESSIONS_CANONICAL_URI } from './verify-x509.ts';
import { signX509StringToSign, x509AlgorithmForKey } from './x509-signature.ts';

export interface SignX509Options {
  /** RSA, EC or ML-DSA private key; it picks the algorithm. */
  readonly privateKey: KeyObject;
  /** The certificate serial number in decimal (Go `big.Int.String()`, as the official helper). */
  readonly serialNumber: string;
  readonly region: string;
  /** Signer's clock, epoch milliseconds. */
  readonly now: number;
  /** Header names to sign; default every header except hop-by-hop ones. */
  readonly signedHeaders?: readonly string[];
  /** Default `/sessions`, whatever path the request goes to (as the official helper does). */
  readonly canonicalUri?: string;
}

export function signX509(request: SignedRequest, options: SignX509Options): SigningResult {
  const algorithm = x509AlgorithmForKey(options.privateKey);
  if (algorithm === undefined) {
    throw new TypeError(
      `no SigV4-X509 algorithm for a ${options.privateKey.asymmetricKeyType ?? 'secret'} key`,
    );
  }
  const plan = planX509Signing(request, { ...options, algorithm });
  return plan.finish(signX509StringToSign(algorithm, plan.stringToSign, options.privateKey));
}

export interface PlanX509Options extends Omit<SignX509Options, 'privateKey'> {
  readonly algorithm: X509Algorithm;
}

export interface X509SigningPlan {
  readonly algorithm: X509Algorithm;
  /** What the key must sign (RSA/ECDSA over its SHA-256, ML-DSA over the bytes). */
  readonly stringToSign: string;
  /** The signed request, given the lower-case hex signature of `stringToSign`. */
  finish(signatureHex: string): SigningResult;
}

/**
 * Everything up to the public-key step, for keys the process cannot hold as a KeyObject (a
 * PKCS#11 token signs the string to sign itself). `signX509` is this plus a KeyObject signature.
 */
export function planX509Signing(request: SignedRequest, options: PlanX509Options): X509SigningPlan {
  if (!/^[0-9]+$/.test(options.serialNumber)) {
    throw new TypeError('serialNumber must be the decimal serial number of the certificate');
  }
  const plan = prepareSigning({
    request,
    algorithm: options.algorithm,
    region: options.region,
    service: ROLES_ANYWHERE_SERVICE,
    now: options.now,
    signedHeaders: options.signedHeaders,
    addDateHeader: true,
    extraHeaders: [],
    canonical: { canonicalUri: options.canonicalUri ?? SESSIONS_CANONICAL_URI },
  });
  return {
    algorithm: options.algorithm,
    stringToSign: plan.stringToSign,
    finish(signature) {
      if (!/^(?:[0-9a-f]{2})+$/.test(signature)) throw new TypeError('the signature must be lower-case hex');
      const authorization = formatAuthorization(options.algorithm, options.serialNumber, plan, signature);
      return signingResult(plan, authorization, signature);
    },
  };
}
