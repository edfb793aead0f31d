/**
 * `anchorage keys list | rotate | rotate-data-key`: the server's own keys.
 *
 * These commands work on the store and the data key directly, with `serve`'s `--data-dir` and
 * `--database-url` (and their environment variables), not through an API. Why:
 * - a data-key rotation needs the data key itself, which lives beside the server (a file in the
 *   data directory, or a secret in its environment) and which no API hands out or should take in;
 * - key management then needs the same access as running the server — the data directory or the
 *   database credentials — and not merely an administrator's access key, which may be stolen or
 *   phished without the host being reached;
 * - the session-token key ring is read from the store by every server (sts/key-ring.ts), so a key
 *   made here becomes current in every running server and worker within a second: no restart.
 *
 * Secrets never appear in the output: ids, dates and states only.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenKeyRecord } from '@anchorage/core/iam/records';
import { describeFlags, FlagError, parseFlags } from '@anchorage/helper/cli/flags';
import type { Store } from '@anchorage/store/port';
import { parseServeConfig, type ServerConfig } from '../config/config.ts';
import { DATABASE_FILE, openConfiguredStore } from '../open-store.ts';
import { DATA_KEY_ENV, DATA_KEY_FILE } from '../secrets/data-key.ts';
import { DATA_KEY_NEXT_ENV, type DataKeys, dataKeyBox, loadDataKeys } from '../secrets/data-keys.ts';
import {
  compactSqliteDatabase,
  promoteNextDataKey,
  resealUnderNextKey,
  writeNextDataKey,
} from '../secrets/rotate-data-key.ts';
import { createKeyRing, DEFAULT_ROTATE_AFTER_MS, LONGEST_SESSION_MS } from '../sts/key-ring.ts';

export interface KeysCommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly now: () => number;
}

const STORE_FLAGS = {
  'data-dir': {
    kind: 'string',
    default: '',
    help: 'The server data directory (default $ANCHORAGE_DATA_DIR, else ./anchorage-data)',
  },
  'database-url': {
    kind: 'string',
    default: '',
    help: 'The PostgreSQL store, as given to serve (default $ANCHORAGE_DATABASE_URL; unset: SQLite)',
  },
} as const;

export const KEYS_USAGE = `usage: anchorage keys <list|rotate|rotate-data-key> [flags]   (anchorage keys <command> --help)

  list              the session-token keys (id, created, status) and where the data key lives
  rotate            make a new session-token key current; older keys keep opening the tokens
                    they sealed until those expire. Servers may keep running.
  rotate-data-key   re-seal every stored secret under a new data key and drop the old one.
                    Stop every server using this store first (docs/key-management.md).

The commands use the store and the data key that \`anchorage serve\` uses with the same flags
(--data-dir, --database-url) and environment (${DATA_KEY_ENV}, ${DATA_KEY_NEXT_ENV}).
`;

const SUBCOMMANDS = ['list', 'rotate', 'rotate-data-key'];

export async function keysCommand(argv: readonly string[], io: KeysCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
    io.out(KEYS_USAGE);
    return sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' ? 0 : 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: anchorage keys ${sub} [flags]\n\n${describeFlags(STORE_FLAGS)}\n`);
    return 0;
  }
  const { values, positional } = parseFlags(rest, STORE_FLAGS);
  if (positional.length > 0) throw new FlagError(`unexpected argument: ${positional[0]}`);
  const config = storeConfig(values, io.env);
  requireExistingInstallation(config, io.env);
  switch (sub) {
    case 'list':
      return list(config, io);
    case 'rotate':
      return rotateTokenKey(config, io);
    default:
      return rotateDataKey(config, io);
  }
}

/** The store and data directory exactly as `serve` would resolve them from the same flags. */
function storeConfig(
  values: { 'data-dir': string; 'database-url': string },
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig {
  return parseServeConfig(
    [
      ...(values['data-dir'] === '' ? [] : ['--data-dir', values['data-dir']]),
      ...(values['database-url'] === '' ? [] : ['--database-url', values['database-url']]),
    ],
    env,
  );
}

/**
 * A mistyped --data-dir must not quietly make a new, empty installation (opening the store and
 * loading the data key would create both).
 */
function requireExistingInstallation(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
): void {
  const keyFromEnv = (env[DATA_KEY_ENV] ?? '') !== '';
  if (!keyFromEnv && !existsSync(join(config.dataDir, DATA_KEY_FILE))) {
    throw new FlagError(
      `no data key in ${config.dataDir} (and ${DATA_KEY_ENV} is not set): is --data-dir the server's data directory?`,
    );
  }
  if (config.databaseUrl === undefined && !existsSync(join(config.dataDir, DATABASE_FILE))) {
    throw new FlagError(`no database in ${config.dataDir}: is --data-dir the server's data directory?`);
  }
}

async function list(config: ServerConfig, io: KeysCommandIo): Promise<number> {
  const keys = loadDataKeys(config.dataDir, io.env);
  const store = await openConfiguredStore(config);
  try {
    const records = [...(await allTokenKeys(store))];
    records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const current = records.find((r) => r.status === 'active');
    const rows = records.map((r) => [
      r.id,
      r.createdAt,
      r === current ? 'current' : r.status,
      // When the key ring deletes it: no token sealed with it can still be unexpired by then.
      r.status === 'retired'
        ? new Date(Date.parse(r.createdAt) + DEFAULT_ROTATE_AFTER_MS + LONGEST_SESSION_MS).toISOString()
        : '-',
    ]);
    io.out('session-token keys, newest first:\n');
    io.out(table([['ID', 'CREATED', 'STATUS', 'OPENS TOKENS UNTIL'], ...rows]));
    io.out(`data key: ${keys.currentFrom}\n`);
    if (keys.next !== undefined) {
      io.out(
        `a data-key rotation is under way (next key: ${keys.nextFrom}); run \`anchorage keys rotate-data-key\` to finish it\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function rotateTokenKey(config: ServerConfig, io: KeysCommandIo): Promise<number> {
  const keys = loadDataKeys(config.dataDir, io.env);
  const store = await openConfiguredStore(config);
  try {
    const made = await createKeyRing(store, dataKeyBox(keys)).rotate(io.now());
    const retired = (await allTokenKeys(store)).filter((r) => r.status === 'retired').length;
    io.out(
      `session-token key ${made.id} is now current; ${retired} retired key(s) keep opening the tokens they sealed until those expire.\n` +
        'Running servers seal with the new key within a second.\n',
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function rotateDataKey(config: ServerConfig, io: KeysCommandIo): Promise<number> {
  let keys: DataKeys = loadDataKeys(config.dataDir, io.env);
  if (keys.next === undefined) {
    if (keys.source === 'environment') {
      throw new FlagError(
        `set ${DATA_KEY_NEXT_ENV} to the new data key (32 random bytes in base64, e.g. \`openssl rand -base64 32\`) beside ${DATA_KEY_ENV}`,
      );
    }
    writeNextDataKey(config.dataDir);
    keys = loadDataKeys(config.dataDir, io.env);
    io.out(`wrote the next data key to ${keys.nextFrom}\n`);
  } else {
    io.out(`re-sealing under the next data key in ${keys.nextFrom} (an earlier run may have begun)\n`);
  }
  const store = await openConfiguredStore(config);
  try {
    const report = await resealUnderNextKey(store, keys);
    for (const kind of report.kinds) {
      io.out(`  ${kind.name}: ${kind.records} sealed, ${kind.resealed} re-sealed by this run\n`);
    }
  } finally {
    await store.close();
  }
  if (config.databaseUrl === undefined) {
    compactSqliteDatabase(join(config.dataDir, DATABASE_FILE));
    io.out('compacted the database: no old ciphertext is left in free pages or the WAL\n');
  }
  if (keys.source === 'file') {
    promoteNextDataKey(config.dataDir);
    io.out(`${keys.currentFrom} now holds the new data key; the old key is gone. Start the servers again.\n`);
  } else {
    io.out(
      `every secret is sealed with ${DATA_KEY_NEXT_ENV} now. To finish: set ${DATA_KEY_ENV} to that value, ` +
        `remove ${DATA_KEY_NEXT_ENV}, and restart every server; then destroy the old key.\n`,
    );
  }
  return 0;
}

async function allTokenKeys(store: Store): Promise<readonly TokenKeyRecord[]> {
  const records: TokenKeyRecord[] = [];
  let after: string | undefined;
  do {
    const page = await store.tokenKeys.list({ limit: 100, ...(after === undefined ? {} : { after }) });
    records.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return records;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map(
      (r) =>
        `${r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
