/**
 * Parameter and input checks. The throwing paths live here so that hot `update` code stays small.
 * The hot finiteness test itself is written inline in each `next` as `x - x !== 0` (true only for
 * NaN and +-Infinity); for a bar, one sum `(h - h) + (l - l) + (c - c) !== 0` (each term is 0 or
 * NaN) replaces one branch per field. It is inline because a call to a function imported from
 * another module goes through an export getter under some loaders (tsx/esbuild CommonJS) and is then
 * not inlined, which cost 3-4x.
 */

export function requirePeriod(indicator: string, parameter: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${indicator}: ${parameter} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function requirePositive(indicator: string, parameter: string, value: number): number {
  if (!(value > 0) || value === Infinity) {
    throw new RangeError(`${indicator}: ${parameter} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** True for NaN and +-Infinity (x - x is 0 only for finite x). */
export function notFinite(x: number): boolean {
  return x - x !== 0;
}

export function invalidInput(indicator: string, index: number, field: string, value: unknown): TypeError {
  return new TypeError(
    `${indicator}: input #${index} has ${field} = ${String(value)}; expected a finite number`,
  );
}

/** Names the first bad field of a bar for the error message. */
export function invalidBar(indicator: string, index: number, bar: object, fields: readonly string[]): TypeError {
  const record = bar as Record<string, unknown>;
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'number' || notFinite(value)) return invalidInput(indicator, index, field, value);
  }
  return invalidInput(indicator, index, fields.join('/'), 'an invalid value');
}

export function nothingToReplace(indicator: string): Error {
  return new Error(`${indicator}: replaceLast() called before any update(); there is no input to replace`);
}

export function negativeVolume(indicator: string, index: number, value: number): RangeError {
  return new RangeError(`${indicator}: input #${index} has volume = ${value}; expected a volume >= 0`);
}

const VOLUME_BAR_FIELDS = ['high', 'low', 'close', 'volume'] as const;

/** The error for a bar with volume that failed the hot-path test. */
export function invalidVolumeBar(indicator: string, bar: object, index: number): Error {
  const volume = (bar as { volume?: unknown }).volume;
  if (typeof volume === 'number' && volume < 0 && volume - volume === 0) return negativeVolume(indicator, index, volume);
  return invalidBar(indicator, index, bar, VOLUME_BAR_FIELDS);
}
