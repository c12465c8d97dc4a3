/**
 * `npm run bench:indicators`: streaming updates per second of @helios/indicators against the peer
 * libraries trading-signals 8.3 (`add`) and technicalindicators 3.1 (`nextValue`), same parameters,
 * same bars: the FTX BTC-PERP 1-minute file (45k bars) fed over and over.
 *  - Helios is timed twice: `update()` (undefined while warming up, like the peers' null/undefined;
 *    V8 boxes its `number | undefined` result, one short-lived allocation per call) and `next()`
 *    (NaN while warming up: the allocation-free form meant for compiled strategies). The ratio
 *    columns use `next()`; the summary also says where `update()` alone would lose.
 *  - Every measurement warms up for WARMUP_MS so the JIT has settled, then runs TRIALS trials of at
 *    least MIN_TRIAL_MS on fresh instances and keeps the best (interference on a shared machine only
 *    ever slows a trial down). Same rules for every library.
 *  - Before timing, each peer's last value is compared with ours so the table never silently
 *    compares different computations.
 *  - Allocation check: a child process with `--trace-gc` runs ALLOC_CHECK_UPDATES `next()` calls per
 *    indicator and counts the garbage collections (0 means no allocation per update).
 * Prints a table, the notes, then one JSON line (`--json`: only the JSON). Takes ~30 s.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as TI from 'technicalindicators';
import * as TS from 'trading-signals';
import {
  ADX,
  ATR,
  type Bar,
  BollingerBands,
  CCI,
  DonchianChannel,
  EMA,
  MACD,
  OBV,
  RollingStdDev,
  RSI,
  SMA,
  Stochastic,
  TrueRange,
  VWAP,
  WMA,
} from '@helios/indicators';

const DATA_FILE = resolve(__dirname, '../../../shared/data/btc_perp_ftx_1m.csv');
const WARMUP_MS = 150;
const MIN_TRIAL_MS = 60;
const TRIALS = 5;
const ALLOC_CHECK_UPDATES = 2_000_000;
const ALLOC_CHECK_FLAG = '--allocation-check';

/** Feeds all bars `repeat` times to one instance; returns its last value (keeps the work alive). */
type Pass = (bars: readonly Bar[], repeat: number) => number;
type Create = () => Pass;

/** technicalindicators types these nextValue methods with their batch input, though they take a bar. */
type AdxTick = Parameters<TI.ADX['nextValue']>[0];
type StochasticTick = Parameters<TI.Stochastic['nextValue']>[0];

interface Case {
  readonly name: string;
  readonly update: Create;
  readonly next: Create;
  /** A string is the reason the peer has no usable streaming API for this indicator. */
  readonly tradingSignals: Create | string;
  readonly technicalIndicators: Create | string;
  /** Relative tolerance of the last-value agreement check (1e-9 unless conventions differ). */
  readonly tolerance?: number;
  readonly note?: string;
}

// Each pass is its own function literal with its own loop, so every call site stays monomorphic
// (a shared loop would see every indicator class and slow all of them down). The last value goes
// to a Float64Array cell: a double carried in a local across iterations and returned is boxed by
// V8 on every iteration, which would charge the harness's allocation to the library.
const CASES: Case[] = [
  {
    name: 'SMA(20)',
    update: () => { const x = new SMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new SMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close); return r[0]; }; },
    tradingSignals: () => { const x = new TS.SMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.SMA({ period: 20, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'EMA(20)',
    note: 'trading-signals starts its EMA at the first price (no SMA seed); equal after convergence',
    update: () => { const x = new EMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new EMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close); return r[0]; }; },
    tradingSignals: () => { const x = new TS.EMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.EMA({ period: 20, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'WMA(20)',
    update: () => { const x = new WMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new WMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close); return r[0]; }; },
    tradingSignals: () => { const x = new TS.WMA(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.WMA({ period: 20, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'RSI(14)',
    tolerance: 1e-3,
    note: 'technicalindicators rounds RSI to 2 decimals',
    update: () => { const x = new RSI(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new RSI(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close); return r[0]; }; },
    tradingSignals: () => { const x = new TS.RSI(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.RSI({ period: 14, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'MACD(12,26,9)',
    note: 'compared on the histogram',
    update: () => { const x = new MACD(12, 26, 9); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v.histogram; } return r[0]; }; },
    next: () => { const x = new MACD(12, 26, 9); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close).histogram; return r[0]; }; },
    tradingSignals: () => { const x = new TS.MACD(new TS.EMA(12), new TS.EMA(26), new TS.EMA(9)); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v.histogram; } return r[0]; }; },
    technicalIndicators: () => {
      const x = new TI.MACD({ values: [], fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined && v.histogram !== undefined) r[0] = v.histogram; } return r[0]; };
    },
  },
  {
    name: 'Bollinger(20,2)',
    note: 'compared on the upper band',
    update: () => { const x = new BollingerBands(20, 2); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v.upper; } return r[0]; }; },
    next: () => { const x = new BollingerBands(20, 2); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close).upper; return r[0]; }; },
    tradingSignals: () => { const x = new TS.BollingerBands(20, 2); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i].close); if (v !== null) r[0] = v.upper; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.BollingerBands({ period: 20, stdDev: 2, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v.upper; } return r[0]; }; },
  },
  {
    name: 'StdDev(20)',
    update: () => { const x = new RollingStdDev(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new RollingStdDev(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i].close); return r[0]; }; },
    tradingSignals: 'no streaming class (only the batch function getStandardDeviation)',
    technicalIndicators: () => { const x = new TI.SD({ period: 20, values: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i].close); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'TrueRange',
    update: () => { const x = new TrueRange(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new TrueRange(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]); return r[0]; }; },
    tradingSignals: () => { const x = new TS.TR(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.TrueRange({ high: [], low: [], close: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'ATR(14)',
    update: () => { const x = new ATR(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new ATR(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]); return r[0]; }; },
    tradingSignals: () => { const x = new TS.ATR(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.ATR({ period: 14, high: [], low: [], close: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'ADX(14)',
    tolerance: 1e-6,
    note: 'compared on ADX; trading-signals smooths DX slightly differently (~2e-8 relative)',
    update: () => { const x = new ADX(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v.adx; } return r[0]; }; },
    next: () => { const x = new ADX(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]).adx; return r[0]; }; },
    tradingSignals: () => { const x = new TS.ADX(14); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.ADX({ period: 14, high: [], low: [], close: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i] as unknown as AdxTick); if (v !== undefined) r[0] = v.adx; } return r[0]; }; },
  },
  {
    name: 'Stochastic(14,3,3)',
    note: 'compared on fastD (= trading-signals stochK/100 = technicalindicators d/100); technicalindicators has no slowD',
    update: () => { const x = new Stochastic(14, 3, 3); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v.fastD; } return r[0]; }; },
    next: () => { const x = new Stochastic(14, 3, 3); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]).fastD; return r[0]; }; },
    tradingSignals: () => { const x = new TS.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v.stochK / 100; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.Stochastic({ period: 14, signalPeriod: 3, high: [], low: [], close: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i] as unknown as StochasticTick); if (v !== undefined && v.d !== undefined) r[0] = v.d / 100; } return r[0]; }; },
  },
  {
    name: 'CCI(20)',
    note: 'O(period) per update in all three libraries',
    update: () => { const x = new CCI(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new CCI(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]); return r[0]; }; },
    tradingSignals: () => { const x = new TS.CCI(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.CCI({ period: 20, high: [], low: [], close: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'OBV',
    note: 'trading-signals needs OBV(2) (its window must hold the previous bar)',
    update: () => { const x = new OBV(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new OBV(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]); return r[0]; }; },
    tradingSignals: () => { const x = new TS.OBV(2); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.OBV({ close: [], volume: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'VWAP (cumulative)',
    update: () => { const x = new VWAP(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
    next: () => { const x = new VWAP(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]); return r[0]; }; },
    tradingSignals: () => { const x = new TS.VWAP(); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v; } return r[0]; }; },
    technicalIndicators: () => { const x = new TI.VWAP({ high: [], low: [], close: [], volume: [] }); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.nextValue(b[i]); if (v !== undefined) r[0] = v; } return r[0]; }; },
  },
  {
    name: 'Donchian(20)',
    note: 'compared on the middle line',
    update: () => { const x = new DonchianChannel(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.update(b[i]); if (v !== undefined) r[0] = v.middle; } return r[0]; }; },
    next: () => { const x = new DonchianChannel(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) r[0] = x.next(b[i]).middle; return r[0]; }; },
    tradingSignals: () => { const x = new TS.DonchianChannels(20); return (b, n) => { const r = new Float64Array(1); r[0] = NaN; for (let k = 0; k < n; k++) for (let i = 0; i < b.length; i++) { const v = x.add(b[i]); if (v !== null) r[0] = v.middle; } return r[0]; }; },
    technicalIndicators: 'has no Donchian channel',
  },
];

function readBars(file: string): Bar[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const [o, h, l, c, v] = ['open', 'high', 'low', 'close', 'volume'].map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: no column '${name}' in ${lines[0]}`);
    return index;
  });
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return { open: +cells[o], high: +cells[h], low: +cells[l], close: +cells[c], volume: +cells[v] };
  });
}

/** Warm-up, then the best of TRIALS timed trials on fresh instances, in updates per second. */
function measure(create: Create, bars: readonly Bar[]): number {
  const warm = create();
  const warmStart = performance.now();
  do warm(bars, 1);
  while (performance.now() - warmStart < WARMUP_MS);
  let best = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const pass = create();
    let updates = 0;
    let elapsed = 0;
    const start = performance.now();
    do {
      pass(bars, 1);
      updates += bars.length;
      elapsed = performance.now() - start;
    } while (elapsed < MIN_TRIAL_MS);
    best = Math.max(best, (updates / elapsed) * 1000);
  }
  return best;
}

interface Row {
  readonly indicator: string;
  readonly heliosUpdate: number;
  readonly heliosNext: number;
  readonly tradingSignals: number | null;
  readonly technicalIndicators: number | null;
  /** helios next() / peer. */
  readonly ratioTradingSignals: number | null;
  readonly ratioTechnicalIndicators: number | null;
  /** helios update() / peer. */
  readonly updateRatioTradingSignals: number | null;
  readonly updateRatioTechnicalIndicators: number | null;
  /** Garbage collections during ALLOC_CHECK_UPDATES next() calls (null if the check did not run). */
  readonly gcDuringNext: number | null;
  readonly notes: string[];
}

function measurePeer(c: Case, peer: Create | string, label: string, bars: readonly Bar[], notes: string[]): number | null {
  if (typeof peer === 'string') {
    notes.push(`${label}: n/a, ${peer}`);
    return null;
  }
  const ours = c.update()(bars, 1);
  const theirs = peer()(bars, 1);
  const tolerance = c.tolerance ?? 1e-9;
  if (!(Math.abs(ours - theirs) <= tolerance * Math.max(1, Math.abs(ours)))) {
    notes.push(`${label}: last value ${theirs} differs from ours ${ours} by more than ${tolerance} (relative)`);
  }
  return measure(peer, bars);
}

/** Child-process side: run next() loops and print markers that the parent matches with GC lines. */
function allocationCheck(bars: readonly Bar[]): void {
  const passes = Math.ceil(ALLOC_CHECK_UPDATES / bars.length);
  for (const c of CASES) {
    const pass = c.next();
    pass(bars, 10); // let the JIT optimise the loop first
    console.log(`BEGIN ${c.name}`);
    pass(bars, passes); // one long-running loop, like a backtest
    console.log(`END ${c.name}`);
  }
}

/** Runs this script with --trace-gc and counts GC lines between the markers of each indicator. */
function countGcDuringNext(): Map<string, number> | string {
  const child = spawnSync(process.execPath, [...process.execArgv, '--trace-gc', __filename, ALLOC_CHECK_FLAG], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) return `allocation check failed: ${child.stderr || child.error?.message}`;
  const counts = new Map<string, number>();
  let current: string | null = null;
  for (const line of child.stdout.split('\n')) {
    if (line.startsWith('BEGIN ')) current = line.slice(6);
    else if (line.startsWith('END ')) current = null;
    else if (current !== null && /Scavenge|Mark-Compact|Mark-sweep/.test(line)) counts.set(current, (counts.get(current) ?? 0) + 1);
    if (current !== null && !counts.has(current)) counts.set(current, 0);
  }
  return counts;
}

const fmtRate = (perSecond: number | null): string => (perSecond === null ? 'n/a' : `${(perSecond / 1e6).toFixed(1)}M`);
const fmtRatio = (ratio: number | null): string => (ratio === null ? 'n/a' : `${ratio.toFixed(1)}x`);

function main(): void {
  const jsonOnly = process.argv.includes('--json');
  const say = (line = ''): void => {
    if (!jsonOnly) console.log(line);
  };
  const started = performance.now();
  const bars = readBars(DATA_FILE);
  const rows: Row[] = [];
  for (const c of CASES) {
    const notes: string[] = c.note ? [c.note] : [];
    const heliosUpdate = measure(c.update, bars);
    const heliosNext = measure(c.next, bars);
    const tradingSignals = measurePeer(c, c.tradingSignals, 'trading-signals', bars, notes);
    const technicalIndicators = measurePeer(c, c.technicalIndicators, 'technicalindicators', bars, notes);
    rows.push({
      indicator: c.name,
      heliosUpdate,
      heliosNext,
      tradingSignals,
      technicalIndicators,
      ratioTradingSignals: tradingSignals === null ? null : heliosNext / tradingSignals,
      ratioTechnicalIndicators: technicalIndicators === null ? null : heliosNext / technicalIndicators,
      updateRatioTradingSignals: tradingSignals === null ? null : heliosUpdate / tradingSignals,
      updateRatioTechnicalIndicators: technicalIndicators === null ? null : heliosUpdate / technicalIndicators,
      gcDuringNext: null,
      notes,
    });
  }
  const gcCounts = countGcDuringNext();
  const results = rows.map((r) => ({ ...r, gcDuringNext: typeof gcCounts === 'string' ? null : (gcCounts.get(r.indicator) ?? null) }));

  const header = ['indicator', 'helios update', 'helios next', 'trading-signals', 'next/ts', 'technicalindicators', 'next/ti', `GCs in ${ALLOC_CHECK_UPDATES / 1e6}M next()`];
  const table = results.map((r) => [
    r.indicator,
    fmtRate(r.heliosUpdate),
    fmtRate(r.heliosNext),
    fmtRate(r.tradingSignals),
    fmtRatio(r.ratioTradingSignals),
    fmtRate(r.technicalIndicators),
    fmtRatio(r.ratioTechnicalIndicators),
    r.gcDuringNext === null ? '?' : String(r.gcDuringNext),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  say(`updates per second, ${bars.length} BTC-PERP 1m bars fed repeatedly, best of ${TRIALS} trials >= ${MIN_TRIAL_MS} ms, node ${process.version}`);
  say(line(header));
  table.forEach((row) => say(line(row)));
  say('notes:');
  results.forEach((r) => r.notes.forEach((note) => say(`  ${r.indicator}: ${note}`)));
  if (typeof gcCounts === 'string') say(`  ${gcCounts}`);
  const slowerThanAPeer = (ratios: (number | null)[]): string[] =>
    results.filter((_, i) => ratios[i] !== null && (ratios[i] as number) < 1).map((r) => r.indicator);
  const verdict = (api: string, ts: (number | null)[], ti: (number | null)[]): string => {
    const slower = [...new Set([...slowerThanAPeer(ts), ...slowerThanAPeer(ti)])];
    return slower.length === 0 ? `helios ${api} is faster than both peers on every shared indicator` : `helios ${api} is slower than a peer on: ${slower.join(', ')}`;
  };
  say(verdict('next()', results.map((r) => r.ratioTradingSignals), results.map((r) => r.ratioTechnicalIndicators)));
  say(verdict('update()', results.map((r) => r.updateRatioTradingSignals), results.map((r) => r.updateRatioTechnicalIndicators)));
  const seconds = (performance.now() - started) / 1000;
  say(`took ${seconds.toFixed(1)} s`);
  console.log(JSON.stringify({ bench: 'indicators', bars: bars.length, trials: TRIALS, minTrialMs: MIN_TRIAL_MS, seconds, results }));
}

if (process.argv.includes(ALLOC_CHECK_FLAG)) allocationCheck(readBars(DATA_FILE));
else main();
