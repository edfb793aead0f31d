/**
 * Date values of the Date condition operators: "one of the W3C implementations of the ISO 8601
 * date formats or in epoch (UNIX) time" (IAM User Guide "IAM JSON policy elements: Condition
 * operators", Date condition operators). The W3C note "Date and Time Formats" allows
 * `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and `YYYY-MM-DDThh:mm[:ss[.s…]]TZD` with TZD `Z` or `±hh:mm`.
 *
 * A value made only of digits is read as epoch seconds (that is what `aws:EpochTime` holds), so
 * the bare-year form is not available: `2020` means 1970-01-01T00:33:40Z. A time without a zone
 * designator is read as UTC.
 */

const W3C =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch, or undefined when `text` is not a date IAM accepts. */
export function parseDate(text: string): number | undefined {
  if (/^\d{1,15}$/.test(text)) return Number(text) * 1000;
  const match = W3C.exec(text);
  if (match === null) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let offset = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const zoneHours = Number(zone.slice(1, 3));
    const zoneMinutes = Number(zone.slice(4, 6));
    if (zoneHours > 23 || zoneMinutes > 59) return undefined;
    offset = sign * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
