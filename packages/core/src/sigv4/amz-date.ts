/**
 * The request time in ISO-8601 basic format, `YYYYMMDD'T'HHMMSS'Z'` (UTC), as `X-Amz-Date`
 * carries it and as it appears in the string to sign.
 */

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Epoch milliseconds, or `undefined` if the text is not a real UTC time in basic format. */
export function parseAmzDate(text: string): number | undefined {
  const match = AMZ_DATE.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (hour === undefined || minute === undefined || second === undefined) return undefined;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20250230 over to March; a round trip refuses such dates (and leap seconds).
  return formatAmzDate(epochMs) === text ? epochMs : undefined;
}

export function formatAmzDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2015-08-30T12:36:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
