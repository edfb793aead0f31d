/**
 * IssueCertificate's Validity and ValidityNotBefore (the model's `Validity` shape): END_DATE is
 * UTCTime (YYMMDDHHMMSS; YY ≥ 50 is 19YY) or GeneralizedTime (YYYYMMDDHHMMSS) digits; ABSOLUTE is
 * epoch seconds; DAYS, MONTHS and YEARS count from the moment of issuance (calendar months and
 * years, in UTC). Without ValidityNotBefore, AWS starts validity 60 minutes before issuance "to
 * compensate for clock inconsistencies".
 */
import { AnchorageError } from '@anchorage/core/errors';

export interface ValidityInput {
  readonly Value: number;
  readonly Type: 'END_DATE' | 'ABSOLUTE' | 'DAYS' | 'MONTHS' | 'YEARS';
}

export const BACKDATE_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

/** notAfter of Validity, epoch ms. */
export function validityEnd(validity: ValidityInput, now: number): number {
  switch (validity.Type) {
    case 'END_DATE':
      return endDate(validity.Value, 'Validity');
    case 'ABSOLUTE':
      return validity.Value * 1000;
    case 'DAYS':
      return now + validity.Value * DAY_MS;
    case 'MONTHS':
      return addMonths(now, validity.Value);
    case 'YEARS':
      return addMonths(now, validity.Value * 12);
  }
}

/** notBefore: ValidityNotBefore (an explicit time: ABSOLUTE or END_DATE), or an hour before now. */
export function validityStart(notBefore: ValidityInput | undefined, now: number): number {
  if (notBefore === undefined) return now - BACKDATE_MS;
  if (notBefore.Type === 'ABSOLUTE') return notBefore.Value * 1000;
  if (notBefore.Type === 'END_DATE') return endDate(notBefore.Value, 'ValidityNotBefore');
  throw invalidArgs(`ValidityNotBefore must be an explicit time (ABSOLUTE), not ${notBefore.Type}`);
}

function addMonths(now: number, months: number): number {
  const date = new Date(now);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  // A month without that day (31 January + 1 month) ends on its last day.
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

function endDate(value: number, member: string): number {
  const digits = String(value);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(
    digits.length === 11 ? `0${digits}` : digits,
  );
  if (m === null)
    throw invalidArgs(`${member} END_DATE must be YYMMDDHHMMSS or YYYYMMDDHHMMSS, got ${digits}`);
  const [, y = '', mo = '', d = '', h = '', mi = '', s = ''] = m;
  const year = y.length === 2 ? (Number(y) >= 50 ? 1900 : 2000) + Number(y) : Number(y);
  const ms = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  if (
    back.getUTCMonth() !== Number(mo) - 1 ||
    back.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw invalidArgs(`${member} END_DATE ${digits} is not a valid date`);
  }
  return ms;
}

function invalidArgs(message: string): AnchorageError {
  return new AnchorageError('InvalidArgsException', message);
}
