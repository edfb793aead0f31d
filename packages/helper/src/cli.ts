/**
 * The credential helper's command line, shared by `anchorage-helper` and `anchorage`: the
 * official helper's commands and flags (protocol notes §4). Only this file and the bin scripts
 * touch `process`; commands get a HelperRuntime.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { describeFlags, FlagError, type FlagSpecs } from './cli/flags.ts';
import { askOnTerminal } from './cli/tty-prompt.ts';
import type { HelperRuntime } from './commands/runtime.ts';
import { HelperError } from './helper-error.ts';
import { HELPER_VERSION } from './version.ts';

interface CommandModule {
  readonly flags: FlagSpecs;
  readonly run: (argv: readonly string[], runtime: HelperRuntime) => Promise<number>;
}

interface Command {
  readonly summary: string;
  /** Loaded on use: a cached credential-process should not pay for PKCS#12, PKCS#11 or serve. */
  readonly load: () => Promise<CommandModule>;
}

export const HELPER_COMMANDS: Readonly<Record<string, Command>> = {
  'credential-process': {
    summary: 'Retrieve AWS credentials in the appropriate format for external credential processes',
    load: async () => {
      const m = await import('./commands/credential-process.ts');
      return { flags: m.CREDENTIAL_PROCESS_FLAGS, run: m.credentialProcessCommand };
    },
  },
  'sign-string': {
    summary: 'Signs a string using the passed-in private key',
    load: async () => {
      const m = await import('./commands/sign-string.ts');
      return { flags: m.SIGN_STRING_FLAGS, run: m.signStringCommand };
    },
  },
  'read-certificate-data': {
    summary: 'Diagnostic command to read certificate data',
    load: async () => {
      const m = await import('./commands/read-certificate-data.ts');
      return { flags: m.READ_CERTIFICATE_DATA_FLAGS, run: m.readCertificateDataCommand };
    },
  },
  serve: {
    summary: 'Serve AWS credentials through a local endpoint (IMDSv2 and container credentials)',
    load: async () => {
      const m = await import('./commands/serve.ts');
      return { flags: m.SERVE_FLAGS, run: m.serveCommand };
    },
  },
  update: {
    summary: 'Updates a temporary credential in the AWS credentials file',
    load: async () => {
      const m = await import('./commands/update.ts');
      return { flags: m.UPDATE_FLAGS, run: m.updateCommand };
    },
  },
  version: {
    summary: 'Prints the version number of the credential helper',
    load: async () => ({
      flags: {},
      run: async (_argv, runtime) => {
        runtime.stdout(`${HELPER_VERSION}\n`);
        return 0;
      },
    }),
  },
};

export function helperUsage(program: string): string {
  const width = Math.max(...Object.keys(HELPER_COMMANDS).map((n) => n.length));
  return `Usage:\n  ${program} [command]\n\nAvailable Commands:\n${Object.entries(HELPER_COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join(
      '\n',
    )}\n  help${' '.repeat(width - 2)}Help about any command\n\nUse "${program} [command] --help" for more information about a command.\n`;
}

function commandUsage(program: string, name: string, command: Command, flags: FlagSpecs): string {
  return `${command.summary}\n\nUsage:\n  ${program} ${name} [flags]\n\nFlags:\n${describeFlags(flags)}\n`;
}

/** Runs one helper command; resolves to the exit status. */
export async function runHelper(argv: readonly string[], options: { program: string }): Promise<number> {
  const [name, ...rest] = argv;
  const out = (text: string | Buffer) => process.stdout.write(text);
  const err = (text: string) => process.stderr.write(text);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : HELPER_COMMANDS[topic];
    out(
      command === undefined || topic === undefined
        ? helperUsage(options.program)
        : commandUsage(options.program, topic, command, (await command.load()).flags),
    );
    return 0;
  }
  const command = HELPER_COMMANDS[name];
  if (command === undefined) {
    err(
      `Error: unknown command "${name}" for "${options.program}"\nRun '${options.program} --help' for usage.\n`,
    );
    return 1;
  }
  const loaded = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    out(commandUsage(options.program, name, command, loaded.flags));
    return 0;
  }
  let stdin: Buffer | undefined;
  const runtime: HelperRuntime = {
    program: options.program,
    env: process.env,
    platform: process.platform,
    stdout: out,
    stderr: err,
    readStdin: () => {
      stdin ??= readFileSync(0);
      return stdin;
    },
    readFile: (path) => readFileSync(path),
    now: Date.now,
    homeDir: process.env.HOME ?? homedir(),
    askSecret: askOnTerminal,
    waitForStop: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
  };
  try {
    return await loaded.run(rest, runtime);
  } catch (error) {
    if (error instanceof FlagError) {
      err(`Error: ${error.message}\n${commandUsage(options.program, name, command, loaded.flags)}`);
      return 1;
    }
    if (error instanceof HelperError) {
      err(`${options.program} ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
