/**
 * The access key id a request's SigV4 signature names — in the `Authorization` header's
 * `Credential=<id>/…` or a presigned URL's `X-Amz-Credential` — read without verifying anything,
 * for the audit record of a request refused before it was authenticated. Only an id of the shape
 * AWS gives them (16 to 128 capitals and digits) is taken: nothing else a client sends gets in.
 */
const IN_HEADER = /(?:^|[\s,])Credential=([A-Z0-9]{16,128})\//;
const IN_QUERY = /(?:^|&)X-Amz-Credential=([A-Z0-9]{16,128})(?:%2F|\/)/i;

export function claimedAccessKeyId(authorization: string | undefined, rawQuery: string): string | undefined {
  if (authorization !== undefined) {
    const id = IN_HEADER.exec(authorization.slice(0, 1024))?.[1];
    if (id !== undefined) return id;
  }
  return IN_QUERY.exec(rawQuery.slice(0, 4096))?.[1];
}
