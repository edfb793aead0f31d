/**
 * What a command may touch of the outside world, passed in so tests can run commands in-process
 * and the same code serves `anchorage` and `anchorage-helper`.
 */
export interface HelperRuntime {
  readonly program: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly stdout: (text: string | Buffer) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Buffer;
  readonly readFile: (path: string) => Buffer;
  readonly now: () => number;
  readonly homeDir: string;
  /** Asks the person at the terminal for a password or PIN (no echo); rejects without a terminal. */
  readonly askSecret?: (prompt: string) => Promise<string>;
  /**
   * Resolves when the process is asked to stop (SIGINT/SIGTERM). Only long-running commands ask,
   * so the others keep the default behaviour of those signals.
   */
  readonly waitForStop: () => Promise<string>;
}
