/**
 * The bearer token that guards `/metrics` (RFC 6750 §2.1: `Authorization: Bearer <token>`). Read
 * once at start from `--metrics-token-file`; compared in constant time; never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { AnchorageError } from '@anchorage/core/errors';
import { ConfigError } from '../config/config.ts';

/** Long enough not to be guessed; RFC 6750's token68 alphabet, so it fits in a header as is. */
const TOKEN = /^[A-Za-z0-9._~+/-]{16,4096}=*$/;

export interface MetricsToken {
  /** Throws the AWS-wire refusal unless the request carries the token. */
  check(req: IncomingMessage): void;
}

export function loadMetricsToken(file: string): MetricsToken {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`--metrics-token-file ${file} cannot be read (${code})`]);
  }
  if (!TOKEN.test(text)) {
    throw new ConfigError([
      `--metrics-token-file ${file} must hold one token of at least 16 characters (letters, digits, ._~+/-)`,
    ]);
  }
  return metricsToken(text);
}

export function metricsToken(token: string): MetricsToken {
  // Digests have one length, so the comparison takes the same time whatever the caller sent.
  const expected = createHash('sha256').update(token).digest();
  return {
    check(req) {
      const header = req.headers.authorization;
      if (header === undefined) {
        throw new AnchorageError('MissingAuthenticationTokenException', 'Missing Authentication Token', {
          reason: 'metrics: no Authorization header',
        });
      }
      // The scheme is case-insensitive (RFC 7235 §2.1); the token is compared as sent.
      const match = /^bearer +(\S+) *$/i.exec(header);
      const offered = createHash('sha256')
        .update(match?.[1] ?? '')
        .digest();
      if (match === null || !timingSafeEqual(offered, expected)) {
        throw new AnchorageError('AccessDeniedException', 'Not authorized to read metrics', {
          reason:
            match === null ? 'metrics: Authorization is not a Bearer token' : 'metrics: wrong bearer token',
        });
      }
    },
  };
}
