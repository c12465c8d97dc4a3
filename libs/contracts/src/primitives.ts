import { Type, type TSchema, type TObjectOptions } from 'typebox';

/** A NATS subject token: no dots, wildcards or whitespace, so it can sit between the dots of a subject. */
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]+$';
/**
 * Ids chosen by users or operators (strategies, accounts, services, runs) start with a letter or
 * digit; a leading underscore is reserved for platform scopes such as `_global` and `_all`.
 */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';
/** Bar timeframes: a positive count and a unit (seconds, minutes, hours, days, weeks), e.g. `1m`, `4h`. */
export const TIMEFRAME_PATTERN = '^[1-9][0-9]*[smhdw]$';
/** Keys of named-number maps (indicator outputs, params, features): identifier-like. */
export const KEY_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

export const MAX_TOKEN_LENGTH = 64;

/** `ID_PATTERN` with its length bound (1 to MAX_TOKEN_LENGTH characters), for a schema's `pattern` alone. */
export const BOUNDED_ID_PATTERN = `^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_TOKEN_LENGTH - 1}}$`;
const BOUNDED_ID = new RegExp(BOUNDED_ID_PATTERN);

/**
 * Free text (a file or graph name) made an id: each run of other characters becomes `-`, leading
 * `-`/`_` go, at most MAX_TOKEN_LENGTH characters; `fallback` when nothing is left.
 */
export function idFromText(text: string, fallback: string): string {
  const id = text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, MAX_TOKEN_LENGTH);
  return id.length > 0 ? id : fallback;
}

/** Whether `s` is an id as the contracts' `Id()` schema accepts it: the checks of command lines and options. */
export function isId(s: unknown): s is string {
  return typeof s === 'string' && BOUNDED_ID.test(s);
}
/** Largest instant a JavaScript Date can represent; anything beyond is a bug, not a timestamp. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;

export const Token = (description?: string) =>
  Type.String({ minLength: 1, maxLength: MAX_TOKEN_LENGTH, pattern: TOKEN_PATTERN, ...(description ? { description } : {}) });

export const Id = (description?: string) =>
  Type.String({ minLength: 1, maxLength: MAX_TOKEN_LENGTH, pattern: ID_PATTERN, ...(description ? { description } : {}) });

export const Venue = () => Id('Exchange or data venue, e.g. `binance`.');
export const MarketSymbol = () => Id('Instrument symbol as a subject token, e.g. `BTC-USDT`.');
/** An instrument is named by its symbol token, the same string market data is published under. */
export const Instrument = () => Id('Instrument symbol as a subject token, e.g. `BTC-USDT`.');
export const Timeframe = () =>
  Type.String({ minLength: 2, maxLength: 16, pattern: TIMEFRAME_PATTERN, description: 'Bar timeframe, e.g. `1m`, `4h`, `1d`.' });

export const EpochMs = (description?: string) =>
  Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, ...(description ? { description } : {}) });

/** typebox numbers already reject NaN and ±Infinity, so every number here is finite. */
export const Finite = (description?: string) => Type.Number(description ? { description } : {});
export const Positive = (description?: string) =>
  Type.Number({ exclusiveMinimum: 0, ...(description ? { description } : {}) });
export const NonNegative = (description?: string) =>
  Type.Number({ minimum: 0, ...(description ? { description } : {}) });
export const Count = (description?: string) =>
  Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

export const Text = (maxLength = 1024, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const Side = () => Type.Enum(['buy', 'sell']);

/** A map of named finite numbers (indicator outputs, metrics, model features). */
export const NamedNumbers = (minProperties = 0) =>
  Type.Record(Type.String({ pattern: KEY_PATTERN }), Type.Number(), {
    additionalProperties: false,
    ...(minProperties > 0 ? { minProperties } : {}),
  });

/** Scalar parameters (indicator settings): numbers, strings or booleans under identifier keys. */
export const Scalar = () => Type.Unsafe<number | string | boolean>({ type: ['number', 'string', 'boolean'] });
export const ScalarParams = () =>
  Type.Record(Type.String({ pattern: KEY_PATTERN }), Scalar(), { additionalProperties: false });

/** Free-form JSON object (configs, run params); only its object-ness is checked. */
export const JsonObject = (description?: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', ...(description ? { description } : {}) });

/** `[price, size]` book level. JSON Schema 2020-12 spells tuples with `prefixItems`. */
export const PriceLevel = () =>
  Type.Unsafe<[number, number]>({
    type: 'array',
    prefixItems: [
      { type: 'number', exclusiveMinimum: 0, description: 'price' },
      { type: 'number', exclusiveMinimum: 0, description: 'size' },
    ],
    minItems: 2,
    maxItems: 2,
  });

const whenEquals = (discriminator: string, value: string) =>
  ({ properties: { [discriminator]: { const: value } }, required: [discriminator] }) as unknown as TSchema;

/** Object options making `field` required when `discriminator` equals `value`. */
export function requiredWhen(discriminator: string, value: string, field: string): TObjectOptions {
  return { if: whenEquals(discriminator, value), then: { required: [field] } as unknown as TSchema };
}

/**
 * Object options making `field` required when `discriminator` equals `value` and forbidden
 * otherwise (e.g. `limitPrice` exactly on limit orders).
 */
export function requiredOnlyWhen(discriminator: string, value: string, field: string): TObjectOptions {
  return { ...requiredWhen(discriminator, value, field), else: { properties: { [field]: false } } as unknown as TSchema };
}

/** Standard options of every payload schema: a `$id` of `type@v` and no unknown properties. */
export function payloadOptions(type: string, v: number, description: string, extra: TObjectOptions = {}): TObjectOptions {
  return { $id: `${type}@${v}`, title: `${type} v${v} payload`, description, additionalProperties: false, ...extra };
}
