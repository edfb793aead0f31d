/**
 * Where CreateSession goes and what it names, settled as the official helper settles it
 * (protocol notes §2.1): endpoint from `--endpoint`, else `AWS_ENDPOINT_URL_ROLESANYWHERE`, else
 * `AWS_ENDPOINT_URL`, else the regional AWS host; signing region from `--region`, else the trust
 * anchor ARN's region; trust anchor and profile must be in the same region.
 */
import { parseResourceArn } from '@anchorage/core/rolesanywhere/arn';
import { HelperError } from '../helper-error.ts';

export interface SessionRequestOptions {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly durationSeconds: number;
  readonly roleSessionName?: string | undefined;
}

export interface SessionTarget {
  readonly url: URL;
  readonly region: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly durationSeconds: number;
  readonly roleSessionName: string | undefined;
}

const ROLE_ARN = /^arn:aws[a-z0-9-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;

export function resolveSessionTarget(
  options: SessionRequestOptions,
  env: Readonly<Record<string, string | undefined>>,
): SessionTarget {
  const anchor = parseResourceArn(options.trustAnchorArn);
  if (anchor === undefined || anchor.type !== 'trust-anchor') {
    throw new HelperError(
      `invalid trust anchor ARN: ${JSON.stringify(options.trustAnchorArn)} (--trust-anchor-arn)`,
    );
  }
  const profile = parseResourceArn(options.profileArn);
  if (profile === undefined || profile.type !== 'profile') {
    throw new HelperError(`invalid profile ARN: ${JSON.stringify(options.profileArn)} (--profile-arn)`);
  }
  if (!ROLE_ARN.test(options.roleArn)) {
    throw new HelperError(`invalid role ARN: ${JSON.stringify(options.roleArn)} (--role-arn)`);
  }
  if (anchor.region !== profile.region) throw new HelperError("trust anchor and profile regions don't match");
  const region = options.region !== undefined && options.region !== '' ? options.region : anchor.region;
  if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new HelperError(`invalid region: ${JSON.stringify(region)}`);
  if (
    !Number.isInteger(options.durationSeconds) ||
    options.durationSeconds < 900 ||
    options.durationSeconds > 43200
  ) {
    throw new HelperError(
      `--session-duration must be between 900 and 43200 seconds, not ${options.durationSeconds}`,
    );
  }
  const name = options.roleSessionName === '' ? undefined : options.roleSessionName;
  if (name !== undefined && !/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw new HelperError('--role-session-name must be 2 to 64 characters from letters, digits and +=,.@_-');
  }
  const configured =
    options.endpoint !== undefined && options.endpoint !== ''
      ? options.endpoint
      : (env.AWS_ENDPOINT_URL_ROLESANYWHERE ?? env.AWS_ENDPOINT_URL ?? '');
  const url = parseEndpoint(configured === '' ? defaultEndpoint(region, anchor.partition) : configured);
  return {
    url,
    region,
    trustAnchorArn: options.trustAnchorArn,
    profileArn: options.profileArn,
    roleArn: options.roleArn,
    durationSeconds: options.durationSeconds,
    roleSessionName: name,
  };
}

/** AWS's regional Roles Anywhere host (protocol notes §1.1). */
export function defaultEndpoint(region: string, partition = 'aws'): string {
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://rolesanywhere.${region}.${suffix}`;
}

function parseEndpoint(text: string): URL {
  // The official helper accepts a bare host name and assumes HTTPS.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HelperError(`invalid endpoint: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HelperError(`the endpoint must be an http:// or https:// URL, not ${JSON.stringify(text)}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new HelperError(
      `the endpoint must not carry credentials, a query or a fragment: ${JSON.stringify(text)}`,
    );
  }
  return url;
}
