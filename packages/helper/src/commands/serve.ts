/**
 * `serve`: a local credentials endpoint for workloads whose SDK reads EC2 instance metadata
 * (IMDSv2, as the official helper's `serve`) or, Anchorage's addition, the container endpoint
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI` + `AWS_CONTAINER_AUTHORIZATION_TOKEN`). Credentials are
 * fetched at start and renewed ahead of expiry in the background, with the certificate and key
 * read afresh each time.
 */
import { randomBytes } from 'node:crypto';
import { CREDENTIAL_EXCLUSIONS, CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import { parseFlags } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { describeEndpoints, startCredentialServer } from '../serve/credential-server.ts';
import { RefreshingCredentials } from '../session/refreshing-credentials.ts';
import { startRenewalLoop } from '../session/renewal-loop.ts';
import { credentialContext } from './credential-context.ts';
import type { HelperRuntime } from './runtime.ts';

export const SERVE_FLAGS = {
  ...CREDENTIAL_FLAGS,
  port: { kind: 'int', default: 9911, help: 'The port used to run the local server (0: any free port)' },
  'hop-limit': { kind: 'int', default: 64, help: 'The IP TTL to set on responses' },
  address: {
    kind: 'string',
    default: '127.0.0.1',
    help: 'The address to listen on (IPv6 too, e.g. ::1); anything but loopback exposes credentials to the network',
  },
  'container-token-file': {
    kind: 'string',
    default: '',
    help: 'File holding the AWS_CONTAINER_AUTHORIZATION_TOKEN to require (default: $AWS_CONTAINER_AUTHORIZATION_TOKEN, else a random one)',
  },
} as const;

const RETRY_MS = 30_000;

export async function serveCommand(argv: readonly string[], runtime: HelperRuntime): Promise<number> {
  const { values } = parseFlags(argv, SERVE_FLAGS, CREDENTIAL_EXCLUSIONS);
  if (values.port < 0 || values.port > 65535)
    throw new HelperError(`--port must be between 0 and 65535, not ${values.port}`);
  if (values['hop-limit'] < 1 || values['hop-limit'] > 255) {
    throw new HelperError(`--hop-limit must be between 1 and 255, not ${values['hop-limit']}`);
  }
  const context = credentialContext(values, runtime);
  const containerToken = readContainerToken(values['container-token-file'], runtime);
  const log = (level: string, message: string, fields: Record<string, unknown> = {}) => {
    if (level === 'debug' && !values.debug) return;
    runtime.stderr(
      `${JSON.stringify({ time: new Date(runtime.now()).toISOString(), level, msg: message, ...fields })}\n`,
    );
  };
  const source = new RefreshingCredentials({
    fetch: () => context.fetch(),
    now: runtime.now,
    onError: (error, keptUntil) =>
      log('error', 'renewing credentials failed', {
        error: (error as Error).message,
        ...(keptUntil === undefined ? {} : { servingPreviousUntil: new Date(keptUntil).toISOString() }),
      }),
  });
  const stop = runtime.waitForStop();
  const server = await startCredentialServer({
    source,
    roleArn: context.target.roleArn,
    host: values.address,
    port: values.port,
    hopLimit: values['hop-limit'],
    containerToken,
    log,
  });
  runtime.stdout(`${describeEndpoints(server, containerToken).join('\n')}\n`);
  await source.refresh().then(
    () => log('info', 'credentials obtained', { role: context.target.roleArn }),
    () => undefined, // logged by onError; requests answer 500 until a renewal succeeds
  );
  // Renew in the background so that no request waits on CreateSession; retry soon after a failure.
  const loop = startRenewalLoop(source, {
    now: runtime.now,
    retryMs: RETRY_MS,
    onRenewed: () => log('info', 'credentials renewed', { role: context.target.roleArn }),
    onFailure: () => true,
  });
  const signal = await stop;
  loop.stop();
  log('info', 'stopping', { signal });
  await server.close();
  return 0;
}

function readContainerToken(file: string, runtime: HelperRuntime): string {
  if (file !== '') {
    let token: string;
    try {
      token = runtime.readFile(file).toString('utf8').trim();
    } catch (error) {
      throw new HelperError(`cannot read --container-token-file ${file}: ${(error as Error).message}`);
    }
    if (token.length < 16 || /[\r\n]/.test(token)) {
      throw new HelperError(`the token in ${file} must be one line of at least 16 characters`);
    }
    return token;
  }
  const fromEnv = runtime.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  if (fromEnv !== undefined && fromEnv.length >= 16) return fromEnv;
  return randomBytes(32).toString('base64url');
}
