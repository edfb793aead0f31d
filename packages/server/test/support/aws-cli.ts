/** Runs the real AWS CLI (botocore) against a test server, with the server's admin credentials. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from './server-process.ts';

export interface CliResult {
  readonly exitCode: number;
  readonly json: unknown;
  readonly stdout: string;
  readonly stderr: string;
  /** The AWS error code when the call failed ("ValidationException", …). */
  readonly errorCode: string | undefined;
}

export function aws(
  server: ServerProcess,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'aws',
      [...args, '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_SHARED_CREDENTIALS_FILE: server.credentialsFile,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_PAGER: '',
          AWS_MAX_ATTEMPTS: '1',
          AWS_RETRY_MODE: 'standard',
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      if (stdout.trim() !== '') {
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
      }
      const errorCode = /An error occurred \(([A-Za-z]+)\)/.exec(stderr)?.[1];
      resolve({ exitCode: code ?? -1, json, stdout, stderr, errorCode });
    });
  });
}

/**
 * An AWS config file that turns off botocore's client-side parameter validation, so that
 * out-of-range values reach the server and the server's own refusal is what the test sees.
 */
export function withoutClientValidation(): Record<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'anchorage-awsconfig-')), 'config');
  writeFileSync(path, '[default]\nparameter_validation = false\n');
  return { AWS_CONFIG_FILE: path };
}

/** The JSON the CLI printed, after asserting that the call succeeded. */
export function ok(result: CliResult): Record<string, unknown> {
  assert.equal(result.exitCode, 0, `aws failed: ${result.stderr}`);
  return (result.json ?? {}) as Record<string, unknown>;
}

/** Asserts that the call failed with this AWS error code (and, if given, that the message says `messagePart`). */
export function fails(result: CliResult, code: string, messagePart?: string): void {
  assert.notEqual(result.exitCode, 0, `expected ${code}, got success: ${result.stdout}`);
  assert.equal(result.errorCode, code, result.stderr);
  if (messagePart !== undefined) assert.ok(result.stderr.includes(messagePart), result.stderr);
}
