/**
 * The `Date` header, the SigV4 fallback when `X-Amz-Date` is absent. Only the IMF-fixdate form
 * of RFC 9110 §5.6.7 (`Sun, 06 Nov 1994 08:49:37 GMT`) is accepted: it is what every sender
 * generates; the obsolete RFC 850 and asctime forms have two-digit years or no zone and are
 * refused rather than guessed.
 */

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch milliseconds, or `undefined` if not a real time in IMF-fixdate form. */
export function parseHttpDate(text: string): number | undefined {
  const match = IMF_FIXDATE.exec(text);
  if (match === null) return undefined;
  const [, dayName = '', day = '', monthName = '', year = '', hour = '', minute = '', second = ''] = match;
  const month = MONTHS.indexOf(monthName);
  const epochMs = Date.UTC(Number(year), month, Number(day), Number(hour), Number(minute), Number(second));
  const parsed = new Date(epochMs);
  const exact =
    parsed.getUTCDate() === Number(day) &&
    parsed.getUTCMonth() === month &&
    parsed.getUTCHours() === Number(hour) &&
    parsed.getUTCMinutes() === Number(minute) &&
    parsed.getUTCSeconds() === Number(second) &&
    DAYS[parsed.getUTCDay()] === dayName;
  return exact ? epochMs : undefined;
}
