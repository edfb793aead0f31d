/**
 * The `anchorage` command. Only this file reads `process.argv`, `process.env` and installs signal
 * handlers; everything else receives what it needs as arguments.
 */
import { ConfigError, parseServeConfig, SERVE_OPTIONS } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { startServer } from './serve.ts';

const USAGE = `usage: anchorage <command> [flags]

commands:
  serve     run the Anchorage server
  help      show this text

anchorage serve flags (environment variable, default):
${Object.values(SERVE_OPTIONS)
  .map(
    (o) =>
      `  ${o.flag.padEnd(16)} ${o.description} (${o.env}${'defaultValue' in o ? `, ${o.defaultValue}` : ''})`,
  )
  .join('\n')}
`;

async function serveCommand(argv: readonly string[]): Promise<void> {
  const config = parseServeConfig(argv, process.env);
  const logger = createLogger(config.logLevel, (line) => process.stdout.write(line));
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
  server = await startServer(config, process.env, logger);
  if (stopRequested !== undefined) shutDown(server, stopRequested);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serveCommand(rest);
      return -1; // keeps running until a signal arrives
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
