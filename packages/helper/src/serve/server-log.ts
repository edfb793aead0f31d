/** The logger serve hands the credential server; the command line decides format and verbosity. */
export type CredentialServerLog = (
  level: 'info' | 'warn' | 'error' | 'debug',
  message: string,
  fields?: Record<string, unknown>,
) => void;

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
