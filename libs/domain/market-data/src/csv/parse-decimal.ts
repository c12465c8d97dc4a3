// Powers of ten that binary64 holds exactly: a mantissa below 2^53 divided or multiplied by one of
// them is correctly rounded (Clinger's fast path), so this agrees with Number() bit for bit.
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_MANTISSA = 2 ** 53;

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * Parses a plain decimal (`-12.5`, `3`, `.5`, `1e-3`) in `text[start, end)` without making a
 * substring: the CSV loader calls this millions of times. Returns NaN for anything else (empty,
 * `abc`, `1.2.3`, `0x10`, `Infinity`), so the caller can report the cell. Numbers outside the fast
 * path (more than 15-16 significant digits, large exponents) go through Number() once validated.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = i < end ? text.charCodeAt(i) : -1;
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let exact = true;
  while (c >= ZERO && c <= NINE) {
    mantissa = mantissa * 10 + (c - ZERO);
    digits++;
    c = ++i < end ? text.charCodeAt(i) : -1;
  }
  if (c === DOT) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    while (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      exponent--;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return NaN;
  if (mantissa >= MAX_EXACT_MANTISSA) exact = false;
  if (c === LOWER_E || c === UPPER_E) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    let expNegative = false;
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    let expValue = 0;
    let expDigits = 0;
    while (c >= ZERO && c <= NINE) {
      if (expValue < 100_000) expValue = expValue * 10 + (c - ZERO);
      expDigits++;
      c = ++i < end ? text.charCodeAt(i) : -1;
    }
    if (expDigits === 0) return NaN;
    exponent += expNegative ? -expValue : expValue;
  }
  if (i !== end) return NaN;
  if (!exact || exponent < -22 || exponent > 22) return Number(text.slice(start, end));
  const magnitude = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent] : mantissa * EXACT_POWERS_OF_TEN[exponent];
  return negative ? -magnitude : magnitude;
}
