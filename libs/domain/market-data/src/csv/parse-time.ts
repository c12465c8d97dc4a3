/**
 * Bar times in a CSV, all to ms since epoch (UTC):
 * - ISO-8601 date-time `2022-01-01T00:00:00Z`, `2022-01-01 00:00:00.250`, `2022-01-01T01:00:00+01:00`:
 *   with an offset (or Z) the instant it names; WITHOUT an offset it is read as UTC, not local time,
 *   so a file means the same thing on every machine.
 * - a date `2022-01-01`: midnight UTC of that day.
 * - a number: epoch seconds below 1e11, epoch milliseconds from 1e11 (1e11 s is the year 5138, 1e11 ms
 *   is March 1973), decided once per file from its first row so every row is read the same way.
 */
export type TimeFormat = 'iso' | 'date' | 'epoch-s' | 'epoch-ms';

/** Below this a numeric time is seconds; from it, milliseconds. */
export const EPOCH_MS_THRESHOLD = 1e11;

const ZERO = 48;

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = text.charCodeAt(at + k) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * `text[start, end)` as an ISO date or date-time, in ms since epoch; NaN when it is not one (or names
 * an impossible date such as February 30th).
 */
export function parseIsoTime(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return NaN;
  const y = digitsAt(text, start, 4);
  const mo = digitsAt(text, start + 5, 2);
  const d = digitsAt(text, start + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  const dayMs = daysFromCivil(y, mo, d) * 86_400_000;
  if (length === 10) return dayMs;

  const separator = text.charCodeAt(start + 10);
  if ((separator !== 84 && separator !== 32) || length < 16 || text.charCodeAt(start + 13) !== 58) return NaN; // 'T' or ' ', ':'
  const h = digitsAt(text, start + 11, 2);
  const mi = digitsAt(text, start + 14, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  let at = start + 16;
  let s = 0;
  let ms = 0;
  if (at < end && text.charCodeAt(at) === 58) {
    s = digitsAt(text, at + 1, 2);
    if (at + 3 > end || s < 0 || s > 59) return NaN;
    at += 3;
    if (at < end && (text.charCodeAt(at) === 46 || text.charCodeAt(at) === 44)) {
      // Fractions beyond milliseconds are truncated: bars are keyed by whole ms.
      at++;
      let scale = 100;
      const fractionStart = at;
      while (at < end) {
        const digit = text.charCodeAt(at) - ZERO;
        if (digit < 0 || digit > 9) break;
        ms += digit * scale;
        scale /= 10;
        at++;
      }
      if (at === fractionStart) return NaN;
      ms = Math.floor(ms);
    }
  }
  let offsetMinutes = 0;
  if (at < end) {
    const zone = text.charCodeAt(at);
    if (zone === 90 && at + 1 === end) {
      at++; // 'Z'
    } else if (zone === 43 || zone === 45) {
      const oh = digitsAt(text, at + 1, 2);
      const colon = text.charCodeAt(at + 3) === 58 ? 1 : 0;
      const om = digitsAt(text, at + 3 + colon, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59 || at + 5 + colon !== end) return NaN;
      offsetMinutes = (zone === 43 ? 1 : -1) * (oh * 60 + om);
      at = end;
    } else {
      return NaN;
    }
  }
  if (at !== end) return NaN;
  return dayMs + ((h * 60 + mi - offsetMinutes) * 60 + s) * 1000 + ms;
}

/** ms since epoch as `2022-01-01T00:00:00Z` (with `.sss` only when there are milliseconds). */
export function formatIsoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

/** ms since epoch as `2022-01-01` (the UTC day). */
export function formatIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A time in the format a file used, so tools can write times back the way they were read. */
export function formatTime(ms: number, format: TimeFormat): string {
  switch (format) {
    case 'iso':
      return formatIsoTime(ms);
    case 'date':
      return ms % 86_400_000 === 0 ? formatIsoDate(ms) : formatIsoTime(ms);
    case 'epoch-s':
      return String(ms / 1000);
    case 'epoch-ms':
      return String(ms);
  }
}
