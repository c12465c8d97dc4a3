/**
 * Runs this library over bars and produces the columns of the TTR reference files, so the spec can
 * compare them cell by cell. A part that is still warming up (NaN in `output`, or `undefined` from
 * `update`) becomes `undefined`, like an empty reference cell.
 */
import type { Bar } from '../src/indicator';
import { ADX, ATR, BollingerBands, EMA, MACD, RSI, SMA, Stochastic, TrueRange } from '../src/index';

export const TTR_COLUMNS = [
  'sma20',
  'ema20',
  'rsi14',
  'macd',
  'macd_signal',
  'macd_hist',
  'bb_dn',
  'bb_mavg',
  'bb_up',
  'bb_pctB',
  'tr',
  'atr14',
  'di_plus14',
  'di_minus14',
  'dx14',
  'adx14',
  'stoch_fastK',
  'stoch_fastD',
  'stoch_slowD',
] as const;

export type TtrColumn = (typeof TTR_COLUMNS)[number];

/** What each reference column is, in TTR 0.24.3 terms (used in test names). */
export const TTR_CALLS: Record<TtrColumn, string> = {
  sma20: 'SMA(close, 20)',
  ema20: 'EMA(close, 20)',
  rsi14: 'RSI(close, 14)',
  macd: 'MACD(close, 12, 26, 9, percent = FALSE)[, "macd"]',
  macd_signal: 'MACD(close, 12, 26, 9, percent = FALSE)[, "signal"]',
  macd_hist: 'macd - signal',
  bb_dn: 'BBands(close, 20, sd = 2)[, "dn"]',
  bb_mavg: 'BBands(close, 20, sd = 2)[, "mavg"]',
  bb_up: 'BBands(close, 20, sd = 2)[, "up"]',
  bb_pctB: 'BBands(close, 20, sd = 2)[, "pctB"]',
  tr: 'ATR(HLC, 14)[, "tr"]',
  atr14: 'ATR(HLC, 14)[, "atr"]',
  di_plus14: 'ADX(HLC, 14)[, "DIp"]',
  di_minus14: 'ADX(HLC, 14)[, "DIn"]',
  dx14: 'ADX(HLC, 14)[, "DX"]',
  adx14: 'ADX(HLC, 14)[, "ADX"]',
  stoch_fastK: 'stoch(HLC, 14, 3, 3)[, "fastK"]',
  stoch_fastD: 'stoch(HLC, 14, 3, 3)[, "fastD"]',
  stoch_slowD: 'stoch(HLC, 14, 3, 3)[, "slowD"]',
};

const part = (x: number | undefined): number | undefined => (x === undefined || Number.isNaN(x) ? undefined : x);

export function computeTtrColumns(bars: readonly Bar[]): Record<TtrColumn, (number | undefined)[]> {
  const columns = Object.fromEntries(TTR_COLUMNS.map((name) => [name, [] as (number | undefined)[]])) as Record<
    TtrColumn,
    (number | undefined)[]
  >;
  const sma = new SMA(20);
  const ema = new EMA(20);
  const rsi = new RSI(14);
  const macd = new MACD(12, 26, 9);
  const bands = new BollingerBands(20, 2);
  const trueRange = new TrueRange();
  const atr = new ATR(14);
  const adx = new ADX(14);
  const stochastic = new Stochastic(14, 3, 3);
  for (const bar of bars) {
    columns.sma20.push(sma.update(bar.close));
    columns.ema20.push(ema.update(bar.close));
    columns.rsi14.push(rsi.update(bar.close));
    macd.update(bar.close);
    columns.macd.push(part(macd.output.macd));
    columns.macd_signal.push(part(macd.output.signal));
    columns.macd_hist.push(part(macd.output.histogram));
    bands.update(bar.close);
    columns.bb_dn.push(part(bands.output.lower));
    columns.bb_mavg.push(part(bands.output.middle));
    columns.bb_up.push(part(bands.output.upper));
    columns.bb_pctB.push(part(bands.output.pctB));
    columns.tr.push(trueRange.update(bar));
    columns.atr14.push(atr.update(bar));
    adx.update(bar);
    columns.di_plus14.push(part(adx.output.diPlus));
    columns.di_minus14.push(part(adx.output.diMinus));
    columns.dx14.push(part(adx.output.dx));
    columns.adx14.push(part(adx.output.adx));
    stochastic.update(bar);
    columns.stoch_fastK.push(part(stochastic.output.fastK));
    columns.stoch_fastD.push(part(stochastic.output.fastD));
    columns.stoch_slowD.push(part(stochastic.output.slowD));
  }
  return columns;
}

export interface ColumnComparison {
  /** Rows where exactly one side is empty. */
  readonly warmupMismatches: number[];
  /** max |a - b| / max(1, |b|): the bound the spec enforces. */
  readonly maxScaledError: number;
  /** max |a - b| / |b| over rows with b != 0, for the report. */
  readonly maxRelativeError: number;
  /** Rows over the 1e-9 bound. */
  readonly failures: number[];
  readonly compared: number;
}

export function compareColumn(
  actual: readonly (number | undefined)[],
  expected: readonly (number | undefined)[],
  tolerance: number,
): ColumnComparison {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  const warmupMismatches: number[] = [];
  const failures: number[] = [];
  let maxScaledError = 0;
  let maxRelativeError = 0;
  let compared = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (a === undefined || b === undefined) {
      if (a !== b) warmupMismatches.push(i);
      continue;
    }
    compared++;
    const diff = Math.abs(a - b);
    const scaled = diff / Math.max(1, Math.abs(b));
    if (!(scaled <= tolerance)) failures.push(i);
    if (!(scaled <= maxScaledError)) maxScaledError = Number.isNaN(scaled) ? Infinity : scaled;
    if (b !== 0 && !(diff / Math.abs(b) <= maxRelativeError)) {
      maxRelativeError = Number.isNaN(diff) ? Infinity : diff / Math.abs(b);
    }
  }
  return { warmupMismatches, maxScaledError, maxRelativeError, failures, compared };
}
