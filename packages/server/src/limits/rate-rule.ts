/**
 * A rate limit as configured: `RATE[:BURST]`, RATE requests per second sustained (a decimal, so
 * `0.5` is one every two seconds) and BURST requests at once after a quiet spell (default ten
 * seconds' worth, at least 1). `0` turns the limit off.
 */

export interface RateRule {
  /** Tokens added per second; the bucket is off when this is 0. */
  readonly ratePerSecond: number;
  /** The bucket's capacity. */
  readonly burst: number;
}

export const RATE_OFF: RateRule = Object.freeze({ ratePerSecond: 0, burst: 0 });

const RULE = /^(\d{1,7}(?:\.\d{1,3})?)(?::(\d{1,9}))?$/;

/** The rule, or a sentence saying what is wrong with the text (for the configuration's problems). */
export function parseRateRule(text: string): RateRule | string {
  const match = RULE.exec(text.trim());
  if (match === null) return `must be RATE[:BURST] (requests per second, then a whole burst), got '${text}'`;
  const ratePerSecond = Number(match[1]);
  if (ratePerSecond === 0) {
    return match[2] === undefined || Number(match[2]) === 0 ? RATE_OFF : 'a burst needs a rate above 0';
  }
  const burst = match[2] === undefined ? Math.max(1, Math.ceil(ratePerSecond * 10)) : Number(match[2]);
  if (burst < 1) return 'the burst must be at least 1';
  return { ratePerSecond, burst };
}

export function isOff(rule: RateRule): boolean {
  return rule.ratePerSecond === 0;
}

export function formatRateRule(rule: RateRule): string {
  return isOff(rule) ? '0' : `${rule.ratePerSecond}:${rule.burst}`;
}
