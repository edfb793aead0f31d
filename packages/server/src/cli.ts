/**
 * The `anchorage` command. Only this file reads `process.argv`, `process.env` and installs signal
 * handlers; everything else receives what it needs as arguments.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { HELPER_COMMANDS, runHelper } from '@anchorage/helper/cli';
import { ConfigError, parseServeConfig, SERVE_OPTIONS, type ServerConfig } from './config/config.ts';
import { createLogger, type Logger } from './logging/logger.ts';
import type { startServer } from './serve.ts';

const USAGE = `usage: anchorage <command> [flags]

commands:
  serve                   run the Anchorage server
  ca                      the private CA: create, issue, revoke, list, crl (\`anchorage ca --help\`)
  console                 web console users: set-password, delete-user (\`anchorage console --help\`)
  quickstart              from a running server to working credentials in one command
  keys                    the server's keys: list, rotate, rotate-data-key (\`anchorage keys --help\`)
  help                    show this text

credential helper commands (flag-compatible with aws_signing_helper; \`anchorage <command> --help\`):
${Object.entries(HELPER_COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(23)} ${c.summary}`)
  .join('\n')}
  (\`serve\` with --certificate, --private-key, --trust-anchor-arn, --profile-arn or --role-arn is the
  helper's credentials endpoint, not the server)

anchorage serve flags (environment variable, default):
${Object.values(SERVE_OPTIONS)
  .map(
    (o) =>
      `  ${o.flag.padEnd(16)} ${o.description} (${o.env}${'defaultValue' in o ? `, ${o.defaultValue}` : ''})`,
  )
  .join('\n')}
`;

async function serveCommand(argv: readonly string[]): Promise<void> {
  const config = parseServeConfig(argv, process.env, availableParallelism());
  // With several workers, each line says which process wrote it.
  const logger = createLogger(
    config.logLevel,
    (line) => process.stdout.write(line),
    Date.now,
    config.workers > 1 ? { pid: process.pid } : {},
  );
  if (config.workers > 1 && cluster.isPrimary) {
    await superviseWorkers(config, logger);
    return;
  }
  // Signal handlers go in before the server starts, so a SIGTERM that arrives during start-up
  // still ends in an orderly shutdown rather than the default abrupt exit.
  let stopRequested: string | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const stop = (signal: string) => {
    if (stopRequested !== undefined) return;
    stopRequested = signal;
    if (server !== undefined) shutDown(server, signal);
  };
  const shutDown = (running: NonNullable<typeof server>, signal: string) => {
    logger.info('shutting down', { signal });
    running.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const { startServer: start } = await import('./serve.ts');
  server = await start(config, process.env, logger);
  if (stopRequested !== undefined) shutDown(server, stopRequested);
}

/**
 * `--workers N`: this process prepares the data directory, then runs N worker processes that
 * share the listening socket (the kernel spreads connections: SCHED_NONE) and the store. A worker
 * that dies is replaced; SIGTERM is passed on, and the supervisor exits when all have drained.
 */
async function superviseWorkers(config: ServerConfig, logger: Logger): Promise<void> {
  const { initializeDataDir } = await import('./serve.ts');
  await initializeDataDir(config, process.env, logger);
  // Before the first fork and before the exit handler below, which forks replacements.
  const { startClusterMetrics } = await import('./metrics/cluster-metrics.ts');
  await startClusterMetrics(config, logger);
  // Rate limits and the replay cache of all workers live here (limits/cluster-admission.ts).
  const { startPrimaryAdmission } = await import('./limits/cluster-admission.ts');
  startPrimaryAdmission(cluster, config);
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error('worker died; starting another', { pid: worker.process.pid, code, signal });
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down workers', { signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < config.workers; i++) fork();
}

/**
 * The helper's commands share the `anchorage` name so that a user swaps `aws_signing_helper` for
 * `anchorage` and nothing else. Only `serve` is ambiguous: the helper's `serve` always names a
 * role and a certificate, the server's never does.
 */
const HELPER_SERVE_FLAGS = [
  'certificate',
  'private-key',
  'trust-anchor-arn',
  'profile-arn',
  'role-arn',
  'intermediates',
];

function isHelperInvocation(command: string, rest: readonly string[]): boolean {
  if (command === 'serve') {
    return rest.some((arg) =>
      HELPER_SERVE_FLAGS.some((flag) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)),
    );
  }
  return command in HELPER_COMMANDS;
}

/** Client commands report failures in one line: the flag at fault, or the server's error code and message. */
async function runClientCommand(run: () => Promise<number>): Promise<number> {
  const { FlagError } = await import('@anchorage/helper/cli/flags');
  try {
    return await run();
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`anchorage: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`anchorage: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && isHelperInvocation(command, rest)) {
    return runHelper(argv, { program: 'anchorage' });
  }
  switch (command) {
    case 'serve':
      await serveCommand(rest);
      return -1; // keeps running until a signal arrives
    case 'ca': {
      const { caCommand } = await import('./commands/ca.ts');
      return runClientCommand(() =>
        caCommand(rest, { env: process.env, out: (text) => process.stdout.write(text) }),
      );
    }
    case 'console': {
      const [{ consoleCommand }, { askOnTerminal }] = await Promise.all([
        import('./commands/console.ts'),
        import('@anchorage/helper/cli/tty-prompt'),
      ]);
      return runClientCommand(() =>
        consoleCommand(rest, {
          env: process.env,
          out: (text) => process.stdout.write(text),
          stdinIsTty: process.stdin.isTTY === true,
          readStdin: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
            return Buffer.concat(chunks).toString('utf8');
          },
          ask: askOnTerminal,
        }),
      );
    }
    case 'keys': {
      const { keysCommand } = await import('./commands/keys.ts');
      return runClientCommand(() =>
        keysCommand(rest, { env: process.env, out: (text) => process.stdout.write(text), now: Date.now }),
      );
    }
    case 'quickstart': {
      const { quickstartCommand } = await import('./commands/quickstart.ts');
      return runClientCommand(() =>
        quickstartCommand(rest, { env: process.env, out: (text) => process.stdout.write(text) }),
      );
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`anchorage: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`anchorage: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `anchorage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
