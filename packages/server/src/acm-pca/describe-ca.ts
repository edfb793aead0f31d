/** DescribeCertificateAuthority and ListCertificateAuthorities. */
import { AnchorageError } from '@anchorage/core/errors';
import { InvalidCursorError } from '@anchorage/store/port';
import { purgeIfGone, requireCa } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';
import { certificateAuthority } from './render.ts';

/** The model: "Although the maximum value is 1000, the action only returns a maximum of 100 items." */
const MAX_PAGE = 100;

export const describeCertificateAuthority: AcmPcaHandler<{
  readonly CertificateAuthorityArn: string;
}> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  return { CertificateAuthority: certificateAuthority(ca, ctx.now) };
};

interface ListInput {
  readonly MaxResults?: number;
  readonly NextToken?: string;
  readonly ResourceOwner?: 'SELF' | 'OTHER_ACCOUNTS';
}

/** Oldest first. No CA is shared from other accounts, so OTHER_ACCOUNTS lists nothing. */
export const listCertificateAuthorities: AcmPcaHandler<ListInput> = async (input, ctx) => {
  if (input.ResourceOwner === 'OTHER_ACCOUNTS') return { CertificateAuthorities: [] };
  let page: Awaited<ReturnType<typeof ctx.store.certificateAuthorities.list>>;
  try {
    page = await ctx.store.certificateAuthorities.list({
      limit: Math.min(input.MaxResults ?? MAX_PAGE, MAX_PAGE),
      ...(input.NextToken === undefined ? {} : { after: input.NextToken }),
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new AnchorageError('InvalidNextTokenException', 'The NextToken is not valid');
    }
    throw error;
  }
  const listed = [];
  for (const ca of page.items)
    if (!(await purgeIfGone(ctx, ca))) listed.push(certificateAuthority(ca, ctx.now));
  return { CertificateAuthorities: listed, ...(page.next === undefined ? {} : { NextToken: page.next }) };
};
