/**
 * `update`: keeps a profile of the shared credentials file current (protocol notes §4.4). With
 * `--once` it writes once and exits; otherwise it renews ahead of expiry until stopped. The file
 * is replaced atomically (temporary file in the same directory, fsync, rename) with mode 0600, so
 * an SDK reading it never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CREDENTIAL_EXCLUSIONS, CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import { parseFlags } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { RefreshingCredentials } from '../session/refreshing-credentials.ts';
import { startRenewalLoop } from '../session/renewal-loop.ts';
import type { SessionCredentials } from '../session/session-credentials.ts';
import { credentialContext } from './credential-context.ts';
import { upsertProfileCredentials } from './credentials-file.ts';
import type { HelperRuntime } from './runtime.ts';

export const UPDATE_FLAGS = {
  ...CREDENTIAL_FLAGS,
  profile: { kind: 'string', default: 'default', help: 'The aws profile to use' },
  once: { kind: 'bool', help: 'Update the credentials file once and exit' },
} as const;

export async function updateCommand(argv: readonly string[], runtime: HelperRuntime): Promise<number> {
  const { values } = parseFlags(argv, UPDATE_FLAGS, CREDENTIAL_EXCLUSIONS);
  const profile = values.profile;
  if (profile === '' || /[[\]\r\n]/.test(profile))
    throw new HelperError(`invalid profile name: ${JSON.stringify(profile)}`);
  const context = credentialContext(values, runtime);
  const file = credentialsFilePath(runtime);
  const write = (credentials: SessionCredentials) => writeCredentialsFile(file, profile, credentials);
  if (values.once) {
    write(await context.fetch());
    return 0;
  }
  const source = new RefreshingCredentials({
    fetch: () => context.fetch(),
    now: runtime.now,
    onError: (error, keptUntil) =>
      runtime.stderr(
        `warning: renewing credentials failed: ${(error as Error).message}` +
          (keptUntil === undefined
            ? '\n'
            : `; the file keeps the current ones, valid until ${new Date(keptUntil).toISOString()}\n`),
      ),
  });
  // The first fetch must succeed: the official helper exits on any CreateSession error here.
  const stop = runtime.waitForStop();
  write(await source.refresh());
  const loop = startRenewalLoop(source, {
    now: runtime.now,
    retryMs: 30_000,
    onRenewed: write,
    onFailure: () => false, // refused, or expired with no way to renew: reported by onError
  });
  const how = await Promise.race([loop.done, stop.then(() => 'stopped' as const)]);
  loop.stop();
  return how === 'stopped' ? 0 : 1;
}

export function credentialsFilePath(runtime: HelperRuntime): string {
  const configured = runtime.env.AWS_SHARED_CREDENTIALS_FILE;
  return configured !== undefined && configured !== ''
    ? configured
    : join(runtime.homeDir, '.aws', 'credentials');
}

export function writeCredentialsFile(path: string, profile: string, credentials: SessionCredentials): void {
  let target = path;
  let existing = '';
  try {
    target = realpathSync(path); // edit the file a symlink points to, not the link
    existing = readFileSync(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new HelperError(`cannot read the credentials file ${path}: ${(error as Error).message}`);
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temporary = join(dirname(target), `.${randomBytes(6).toString('hex')}.anchorage.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, upsertProfileCredentials(existing, profile, credentials));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    throw new HelperError(`cannot write the credentials file ${path}: ${(error as Error).message}`);
  }
}
