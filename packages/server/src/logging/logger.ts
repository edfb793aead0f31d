/**
 * Structured logs: one JSON object per line on the given stream. Fields are passed explicitly by
 * the caller; nothing is logged implicitly, so secrets cannot leak through object dumps.
 */
import type { LogLevel } from '../config/config.ts';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  level: LogLevel,
  write: (line: string) => void,
  now: () => number = Date.now,
  bound: LogFields = {},
): Logger {
  const emit = (at: LogLevel, msg: string, fields: LogFields = {}) => {
    if (RANK[at] < RANK[level]) return;
    write(
      `${JSON.stringify({ time: new Date(now()).toISOString(), level: at, msg, ...bound, ...fields })}\n`,
    );
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(level, write, now, { ...bound, ...fields }),
  };
}
