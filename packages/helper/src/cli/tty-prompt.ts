/**
 * Asks for a password or PIN on the terminal, without echo, as the official helper does when a
 * key is encrypted and no password was given. It reads the controlling terminal (/dev/tty), not
 * stdin, so it works under `credential_process` too when a person is there; without a terminal
 * it declines and the caller explains which flag to use instead.
 */
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export type AskSecret = (prompt: string) => Promise<string>;

export class NoTerminalError extends Error {}

export const askOnTerminal: AskSecret = (prompt) =>
  new Promise((resolve, reject) => {
    let fd: number;
    try {
      fd = openSync('/dev/tty', 'r+');
    } catch {
      reject(new NoTerminalError('no terminal to ask on'));
      return;
    }
    const input = new ReadStream(fd);
    const output = new WriteStream(fd);
    const typed: number[] = [];
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.removeAllListeners('data');
      input.pause();
      output.write('\n');
      // The streams share the descriptor; close it once, after both are done with it.
      input.destroy();
      try {
        closeSync(fd);
      } catch {
        // already closed by the stream
      }
      if (error === undefined) resolve(Buffer.from(typed).toString('utf8'));
      else reject(error);
    };
    input.setRawMode(true);
    output.write(prompt);
    input.on('data', (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0x0d || byte === 0x0a) return finish();
        if (byte === 0x03) return finish(new NoTerminalError('cancelled'));
        if (byte === 0x04 && typed.length === 0) return finish(new NoTerminalError('cancelled'));
        if (byte === 0x7f || byte === 0x08) typed.pop();
        else if (byte >= 0x20) typed.push(byte);
      }
    });
  });
