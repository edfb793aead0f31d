/** Tiny timing helpers for the benchmarks: run a task repeatedly for a fixed time, print `name value unit`. */

export interface Rate {
  readonly operations: number;
  readonly perSecond: number;
  readonly meanMicros: number;
}

/** Runs `task(i)` back to back for `seconds` (after a short warm-up) on this one thread. */
export async function runFor(seconds: number, task: (i: number) => Promise<void> | void): Promise<Rate> {
  const warmUntil = performance.now() + Math.min(500, seconds * 200);
  for (let i = 0; performance.now() < warmUntil; i++) await task(i);
  const start = performance.now();
  const end = start + seconds * 1000;
  let operations = 0;
  while (performance.now() < end) {
    // Check the clock every 64 operations: reading it costs more than some tasks.
    for (let j = 0; j < 64; j++) await task(operations++);
  }
  const elapsed = performance.now() - start;
  return {
    operations,
    perSecond: Math.round((operations / elapsed) * 1000),
    meanMicros: Math.round((elapsed / operations) * 1000 * 10) / 10,
  };
}

export function report(name: string, value: number, unit: string): void {
  process.stdout.write(`${name} ${value} ${unit}\n`);
}
