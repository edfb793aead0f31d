/**
 * `anchorage console set-password --user NAME [--password-file F]`: gives a console user a
 * password that signs in as the administrator (`PUT /console/api/users/NAME`, SigV4-signed with
 * the administrator's key, like `anchorage ca`). The password comes from the file, else from the
 * terminal without echo (asked twice), else — when standard input is not a terminal — from
 * standard input (one trailing newline removed). It never appears on the command line or in a log.
 * `anchorage console delete-user --user NAME` removes a user and ends their sessions.
 */
import { readFileSync } from 'node:fs';
import { describeFlags, FlagError, type FlagSpecs, parseFlags } from '@anchorage/helper/cli/flags';
import type { AskSecret } from '@anchorage/helper/cli/tty-prompt';
import { CLIENT_FLAGS, clientFrom } from './client-flags.ts';

export interface ConsoleCommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  /** True when standard input is a terminal: then the password is asked for, without echo. */
  readonly stdinIsTty: boolean;
  readonly readStdin: () => Promise<string>;
  readonly ask: AskSecret;
}

const USER_FLAGS = {
  ...CLIENT_FLAGS,
  user: { kind: 'string', default: '', help: 'The console user name (letters, digits and _.@+=,-)' },
} as const;

const SET_PASSWORD_FLAGS = {
  ...USER_FLAGS,
  'password-file': {
    kind: 'string',
    default: '',
    help: 'Read the password from this file (else from the terminal, or standard input)',
  },
} as const;

export const CONSOLE_USAGE = `usage: anchorage console <set-password|delete-user> [flags]   (anchorage console <command> --help)

  set-password   set a console user's password (signs in to /console as the administrator)
  delete-user    remove a console user and end their sessions
`;

const SUBCOMMAND_FLAGS: Readonly<Record<string, FlagSpecs>> = {
  'set-password': SET_PASSWORD_FLAGS,
  'delete-user': USER_FLAGS,
};

const USER_NAME = /^[A-Za-z0-9_.@+=,-]{1,64}$/;

function userName(value: string): string {
  if (value === '') throw new FlagError('--user is required');
  if (!USER_NAME.test(value)) throw new FlagError('--user may have 1 to 64 letters, digits and _.@+=,-');
  return value;
}

function withoutNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readPassword(file: string, io: ConsoleCommandIo): Promise<string> {
  if (file !== '') return withoutNewline(readFileSync(file, 'utf8'));
  if (!io.stdinIsTty) return withoutNewline(await io.readStdin());
  const first = await io.ask('New console password: ');
  const second = await io.ask('Again: ');
  if (first !== second) throw new FlagError('the passwords do not match');
  return first;
}

export async function consoleCommand(argv: readonly string[], io: ConsoleCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  const flags = sub === undefined ? undefined : SUBCOMMAND_FLAGS[sub];
  if (flags !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(`usage: anchorage console ${sub} [flags]\n\n${describeFlags(flags)}\n`);
    return 0;
  }
  switch (sub) {
    case 'set-password': {
      const { values } = parseFlags(rest, SET_PASSWORD_FLAGS);
      const user = userName(values.user);
      const password = await readPassword(values['password-file'], io);
      if (password === '') throw new FlagError('the password is empty');
      const { client, endpoint } = clientFrom(values, io.env);
      const result = await client.rolesAnywhere('PUT', `/console/api/users/${encodeURIComponent(user)}`, {
        password,
      });
      io.out(
        `${result.created === true ? 'created' : 'updated'} console user ${user}; sign in at ${endpoint.replace(/\/$/, '')}/console/\n`,
      );
      return 0;
    }
    case 'delete-user': {
      const { values } = parseFlags(rest, USER_FLAGS);
      const user = userName(values.user);
      const { client } = clientFrom(values, io.env);
      await client.rolesAnywhere('DELETE', `/console/api/users/${encodeURIComponent(user)}`);
      io.out(`deleted console user ${user}\n`);
      return 0;
    }
    default:
      io.out(CONSOLE_USAGE);
      return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 2;
  }
}
