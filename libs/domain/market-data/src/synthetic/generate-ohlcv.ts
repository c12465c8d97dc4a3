import { allocateSeries, type OhlcvSeries } from '../ohlcv-series';
import { createPrng } from './prng';

export interface SyntheticOhlcvOptions {
  /** Seed of the generator (0..2^32-1): the only source of randomness. */
  seed: number;
  bars: number;
  /** Open time of the first bar, ms since epoch. */
  startTime: number;
  /** Bar spacing in ms. */
  timeframeMs: number;
  startPrice?: number;
  /** Standard deviation of the log return per bar (default 0.01). */
  volatility?: number;
  /** Drift of the log price per bar in a trending regime, up or down (default 0.08 x volatility). */
  trendDrift?: number;
  /** Pull back to the regime's anchor per bar in a mean-reverting regime (default 0.05). */
  meanReversion?: number;
  /** Mean regime length in bars (default 200). Regimes: up-trend, down-trend, mean reversion. */
  regimeLength?: number;
  /** Probability of a jump per bar (default 0.002) and the jump's log-size standard deviation (default 8 x volatility). */
  jumpProbability?: number;
  jumpScale?: number;
  /** Prices are rounded to this many decimals (default 2). */
  decimals?: number;
  /** Mean volume per bar (default 1000). */
  baseVolume?: number;
}

const TREND_UP = 0;
const TREND_DOWN = 1;
const MEAN_REVERT = 2;

/**
 * A deterministic synthetic OHLCV series: a log-price random walk whose regime switches at random
 * between up-trend, down-trend and mean reversion around the price the regime started at, with rare
 * jumps. Each bar opens at the previous close; high and low extend past open and close by a random
 * intra-bar excursion; volume grows with the size of the move. Same options, same bars, always.
 */
export function generateSyntheticOhlcv(options: SyntheticOhlcvOptions): OhlcvSeries {
  const {
    seed,
    bars,
    startTime,
    timeframeMs,
    startPrice = 100,
    volatility = 0.01,
    meanReversion = 0.05,
    regimeLength = 200,
    jumpProbability = 0.002,
    decimals = 2,
    baseVolume = 1000,
  } = options;
  const trendDrift = options.trendDrift ?? 0.08 * volatility;
  const jumpScale = options.jumpScale ?? 8 * volatility;
  const where = 'generateSyntheticOhlcv';
  requireInteger(where, 'bars', bars, 0);
  requireInteger(where, 'startTime', startTime, 0);
  requireInteger(where, 'timeframeMs', timeframeMs, 1);
  requireInteger(where, 'decimals', decimals, 0);
  requirePositive(where, 'startPrice', startPrice);
  requirePositive(where, 'volatility', volatility);
  requirePositive(where, 'regimeLength', regimeLength);
  requirePositive(where, 'baseVolume', baseVolume);
  requireRange(where, 'meanReversion', meanReversion, 0, 1);
  requireRange(where, 'jumpProbability', jumpProbability, 0, 1);
  requireRange(where, 'trendDrift', trendDrift, 0, Infinity);
  requireRange(where, 'jumpScale', jumpScale, 0, Infinity);

  const rng = createPrng(seed);
  const series = allocateSeries(bars);
  const scale = 10 ** decimals;
  const minPrice = 1 / scale;
  const round = (p: number) => Math.max(minPrice, Math.round(p * scale) / scale);

  let logPrice = Math.log(startPrice);
  let regime = MEAN_REVERT;
  let anchor = logPrice;
  let previousClose = round(startPrice);
  for (let i = 0; i < bars; i++) {
    if (rng.next() < 1 / regimeLength) {
      regime = Math.floor(rng.next() * 3);
      anchor = logPrice;
    }
    let move = volatility * rng.normal();
    if (regime === TREND_UP) move += trendDrift;
    else if (regime === TREND_DOWN) move -= trendDrift;
    else move -= meanReversion * (logPrice - anchor);
    if (rng.next() < jumpProbability) move += jumpScale * rng.normal();
    logPrice += move;

    const open = previousClose;
    const close = round(Math.exp(logPrice));
    const excursionUp = Math.abs(rng.normal()) * volatility * 0.5;
    const excursionDown = Math.abs(rng.normal()) * volatility * 0.5;
    // round() is monotonic, so high >= max(open, close) and low <= min(open, close) survive rounding.
    const high = round(Math.max(open, close) * Math.exp(excursionUp));
    const low = round(Math.min(open, close) * Math.exp(-excursionDown));
    const volume = Math.round(baseVolume * Math.exp(0.5 * rng.normal()) * (1 + Math.abs(move) / volatility) * 100) / 100;

    series.time[i] = startTime + i * timeframeMs;
    series.open[i] = open;
    series.high[i] = high;
    series.low[i] = low;
    series.close[i] = close;
    series.volume[i] = volume;
    previousClose = close;
  }
  return series;
}

function requireInteger(where: string, name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${value}`);
}

function requirePositive(where: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${where}: ${name} must be a finite number > 0, got ${value}`);
}

function requireRange(where: string, name: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) throw new RangeError(`${where}: ${name} must be in [${min}, ${max}], got ${value}`);
}
