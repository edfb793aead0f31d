/**
 * What the private CA pages share: the CA's ARN from its id, its status badge, and the private CA
 * client the command-line flows (`client/private-ca.ts`) take, here running each operation in
 * process as the signed-in caller. Outputs are shaped as on the wire (timestamps as epoch
 * seconds), so those flows work unchanged — validity capping included.
 */
import { parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { caArn } from '../../acm-pca/arns.ts';
import { ACM_PCA_MODEL } from '../../acm-pca/operations.ts';
import { type AcmPcaClient, asn1Subject } from '../../client/private-ca.ts';
import { serializeJsonOutput } from '../../http/json-rpc.ts';
import { type Html, html } from '../html.ts';
import type { PageContext } from '../page.ts';

export const caArnOf = (ctx: PageContext, id: string): string => caArn(ctx.location, id);

export function caClient(ctx: PageContext): AcmPcaClient {
  return {
    async acmPca(operation, input) {
      const output = await ctx.call('acm-pca', operation, input);
      const shape = ACM_PCA_MODEL.operations[operation]?.output;
      return shape === undefined
        ? {}
        : (serializeJsonOutput(ACM_PCA_MODEL, shape, output) as Record<string, unknown>);
    },
  };
}

const STATUS_BADGES: Readonly<Record<string, string>> = {
  ACTIVE: 'ok',
  PENDING_CERTIFICATE: 'warn',
  CREATING: 'warn',
  DISABLED: 'off',
  EXPIRED: 'bad',
  FAILED: 'bad',
  DELETED: 'off',
};

export function caStatusBadge(status: string): Html {
  return html`<span class="badge ${STATUS_BADGES[status] ?? 'off'}">${status.toLowerCase().replace('_', ' ')}</span>`;
}

/** Why a distinguished name cannot be used (a CA's takes one of each ACM PCA field), or undefined. */
export function subjectProblem(dn: string, forCa: boolean): string | undefined {
  if (dn.trim() === '') return 'Enter a subject.';
  try {
    if (forCa) asn1Subject(dn);
    else parseDistinguishedName(dn);
    return undefined;
  } catch (error) {
    return `The subject cannot be used: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

/** Hexadecimal serials the way CRLs and subjects show them: upper case, no colons. */
export function serialText(serial: string): string {
  return serial.replace(/:/g, '').toUpperCase();
}
