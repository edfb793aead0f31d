/**
 * Edits one profile of an AWS shared-credentials file (protocol notes §4.4): the three keys are
 * replaced in the profile's section, or added to it, or the section is appended; every other
 * line — other profiles, other keys, comments — stays as it was.
 */
import type { SessionCredentials } from '../session/session-credentials.ts';

const MANAGED_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const;

export function upsertProfileCredentials(
  text: string,
  profile: string,
  credentials: SessionCredentials,
): string {
  const values: Record<(typeof MANAGED_KEYS)[number], string> = {
    aws_access_key_id: credentials.accessKeyId,
    aws_secret_access_key: credentials.secretAccessKey,
    aws_session_token: credentials.sessionToken,
  };
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const start = lines.findIndex((line) => sectionName(line) === profile);
  const assignments = MANAGED_KEYS.map((key) => `${key} = ${values[key]}`);
  if (start === -1) {
    const separator = lines.length > 0 && lines[lines.length - 1]?.trim() !== '' ? [''] : [];
    return withNewline([...lines, ...separator, `[${profile}]`, ...assignments]);
  }
  let end = lines.findIndex((line, i) => i > start && sectionName(line) !== undefined);
  if (end === -1) end = lines.length;
  const section = lines.slice(start + 1, end);
  const kept = section.filter((line) => !(MANAGED_KEYS as readonly string[]).includes(keyOf(line) ?? ''));
  // New keys go right after the header; trailing blank lines of the section stay before the next one.
  return withNewline([...lines.slice(0, start + 1), ...assignments, ...kept, ...lines.slice(end)]);
}

function sectionName(line: string): string | undefined {
  const m = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[#;].*)?$/.exec(line);
  return m?.[1];
}

function keyOf(line: string): string | undefined {
  const m = /^\s*([^=#;[\s][^=]*?)\s*=/.exec(line);
  return m?.[1]?.toLowerCase();
}

function withNewline(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
