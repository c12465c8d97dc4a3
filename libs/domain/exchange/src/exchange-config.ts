import { lotGrid, type LotGrid } from './lot-grid';

export type FillOn = 'bar-open' | 'tick';
export type VolumeUnit = 'base' | 'quote';

/** Trading rules of one instrument at the simulated venue. */
export interface InstrumentRules {
  /** Quantities are whole multiples of this (base units). */
  readonly lotSize: number;
  /** Smallest accepted order notional in quote currency; default 0. */
  readonly minNotional?: number;
  /** Reported on fills as `feeCurrency` when set (fees are always charged in quote currency). */
  readonly feeCurrency?: string;
}

export interface ExchangeConfig {
  /** `src` of every emitted event; default `paper-exchange`. */
  readonly src?: string;
  /** Fill at the open of the next eligible bar (default) or at the next eligible tick. */
  readonly fillOn?: FillOn;
  /** An order becomes eligible at its event time + latency; default 0. */
  readonly latencyMs?: number;
  /** Market fills move against the taker by this many basis points; default 0. Not applied to limit fills. */
  readonly slippageBps?: number;
  readonly makerFeeBps?: number;
  readonly takerFeeBps?: number;
  /** At most this share (0 < s <= 1) of a bar's (or tick's) volume is filled per bar; default: no cap. */
  readonly maxVolumeShare?: number;
  /** Unit of candle volume; `quote` volume is turned into base units at the bar's typical price. Default `base`. */
  readonly volumeUnit?: VolumeUnit;
  /** When set, candles of other timeframes are ignored (a venue fills on one bar series). */
  readonly timeframe?: string;
  readonly instruments?: Readonly<Record<string, InstrumentRules>>;
  /** Rules for instruments not listed; without it, orders for unlisted instruments are rejected. */
  readonly defaultInstrument?: InstrumentRules;
}

export interface ResolvedInstrument {
  readonly grid: LotGrid;
  readonly minNotional: number;
  readonly feeCurrency: string | undefined;
}

/** The config checked and turned into the numbers the hot path uses (fractions instead of bps). */
export interface ExchangeSettings {
  readonly src: string;
  readonly fillOn: FillOn;
  readonly latencyMs: number;
  readonly slippage: number;
  readonly makerFee: number;
  readonly takerFee: number;
  /** Infinity when volume does not cap fills. */
  readonly maxVolumeShare: number;
  readonly volumeUnit: VolumeUnit;
  readonly timeframe: string | undefined;
  rulesFor(instrument: string): ResolvedInstrument | undefined;
}

const BPS = 1e4;

function fail(path: string, expected: string, got: unknown): never {
  throw new Error(`exchange config: ${path} must be ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`);
}

function numberOr(value: number | undefined, fallback: number, path: string, ok: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) fail(path, expected, value);
  return value;
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, path: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value;
}

function resolveInstrument(rules: InstrumentRules | undefined, path: string): ResolvedInstrument {
  if (rules === null || typeof rules !== 'object') fail(path, 'an object with a lotSize', rules);
  const lotSize = numberOr(rules.lotSize, NaN, `${path}.lotSize`, (n) => n > 0, 'a finite number > 0');
  if (Number.isNaN(lotSize)) fail(`${path}.lotSize`, 'a finite number > 0', rules.lotSize);
  const minNotional = numberOr(rules.minNotional, 0, `${path}.minNotional`, (n) => n >= 0, 'a finite number >= 0');
  if (rules.feeCurrency !== undefined && (typeof rules.feeCurrency !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(rules.feeCurrency))) {
    fail(`${path}.feeCurrency`, 'a currency token such as USDT', rules.feeCurrency);
  }
  return { grid: lotGrid(lotSize), minNotional, feeCurrency: rules.feeCurrency };
}

export function resolveExchangeConfig(config: ExchangeConfig): ExchangeSettings {
  if (config === null || typeof config !== 'object') fail('config', 'an object', config);
  const src = config.src ?? 'paper-exchange';
  if (typeof src !== 'string' || src.length === 0) fail('src', 'a non-empty string', src);
  const fee = (n: number) => n > -BPS;
  const instruments = new Map<string, ResolvedInstrument>();
  for (const [symbol, rules] of Object.entries(config.instruments ?? {})) {
    instruments.set(symbol, resolveInstrument(rules, `instruments[${JSON.stringify(symbol)}]`));
  }
  const fallback = config.defaultInstrument === undefined ? undefined : resolveInstrument(config.defaultInstrument, 'defaultInstrument');
  const share = numberOr(config.maxVolumeShare, Infinity, 'maxVolumeShare', (n) => n > 0 && n <= 1, 'a number in (0, 1]');
  if (config.timeframe !== undefined && (typeof config.timeframe !== 'string' || !/^[1-9][0-9]*[smhdw]$/.test(config.timeframe))) {
    fail('timeframe', 'a timeframe such as 1m', config.timeframe);
  }
  return {
    src,
    fillOn: oneOf(config.fillOn, ['bar-open', 'tick'], 'bar-open', 'fillOn'),
    latencyMs: numberOr(config.latencyMs, 0, 'latencyMs', (n) => n >= 0, 'a finite number >= 0'),
    slippage: numberOr(config.slippageBps, 0, 'slippageBps', (n) => n >= 0 && n < BPS, 'a number in [0, 10000)') / BPS,
    makerFee: numberOr(config.makerFeeBps, 0, 'makerFeeBps', fee, 'a finite number > -10000') / BPS,
    takerFee: numberOr(config.takerFeeBps, 0, 'takerFeeBps', fee, 'a finite number > -10000') / BPS,
    maxVolumeShare: share,
    volumeUnit: oneOf(config.volumeUnit, ['base', 'quote'], 'base', 'volumeUnit'),
    timeframe: config.timeframe,
    rulesFor: (instrument) => instruments.get(instrument) ?? fallback,
  };
}
