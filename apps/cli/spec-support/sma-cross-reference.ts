/**
 * Spec-only: the sma-cross rules of the trading-core issue as a plain loop over the CSV, with no
 * Helios code, the independent reference `helios backtest` is checked against:
 * - fast/slow SMA of closes; golden cross at bar t when fast[t-1] < slow[t-1] and fast[t] > slow[t],
 *   death cross the mirror image (strict);
 * - long only: all-in on a golden cross when flat, sell everything on a death cross when long;
 * - market orders fill at the next bar's open; qty = floor(cash / open / lotSize) * lotSize; a signal
 *   on the last bar never fills;
 * - no fees, no slippage; no forced exit: an open position is marked at the last close.
 */
import { readFileSync } from 'node:fs';

export interface Bars {
  time: number[];
  open: number[];
  close: number[];
}

/** The CSV read with String.split and Date.parse (ISO times with Z), independent of the loader. */
export function readBars(path: string): Bars {
  const bars: Bars = { time: [], open: [], close: [] };
  for (const line of readFileSync(path, 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    bars.time.push(Date.parse(cells[0]));
    bars.open.push(Number(cells[1]));
    bars.close.push(Number(cells[4]));
  }
  return bars;
}

export interface ReferenceTrade {
  entryTs: number;
  entryPrice: number;
  exitTs: number;
  exitPrice: number;
  qty: number;
  pnl: number;
}

export interface ReferenceResult {
  trades: ReferenceTrade[];
  openPosition: { entryTs: number; entryPrice: number; qty: number; markPrice: number } | null;
  finalEquity: number;
  equity: number[];
}

export function referenceSmaCross(bars: Bars, opts: { fast: number; slow: number; cash: number; lotSize: number }): ReferenceResult {
  const n = bars.time.length;
  const sma = (t: number, period: number) => {
    if (t < period - 1) return NaN;
    let sum = 0;
    for (let k = t - period + 1; k <= t; k++) sum += bars.close[k];
    return sum / period;
  };
  let cash = opts.cash;
  let qty = 0;
  let entry: { ts: number; price: number } | null = null;
  let pending: 'buy' | 'sell' | null = null;
  const trades: ReferenceTrade[] = [];
  const equity: number[] = [];
  for (let t = 0; t < n; t++) {
    const open = bars.open[t];
    if (pending === 'buy') {
      const q = Math.floor(cash / open / opts.lotSize) * opts.lotSize;
      if (q > 0) {
        cash = cash - q * open;
        qty = q;
        entry = { ts: bars.time[t], price: open };
      }
    } else if (pending === 'sell' && entry !== null) {
      cash = cash + qty * open;
      trades.push({ entryTs: entry.ts, entryPrice: entry.price, exitTs: bars.time[t], exitPrice: open, qty, pnl: (open - entry.price) * qty });
      qty = 0;
      entry = null;
    }
    pending = null;
    equity.push(cash + qty * bars.close[t]);
    if (t >= 1) {
      const fastNow = sma(t, opts.fast);
      const slowNow = sma(t, opts.slow);
      const fastBefore = sma(t - 1, opts.fast);
      const slowBefore = sma(t - 1, opts.slow);
      if (fastBefore < slowBefore && fastNow > slowNow && qty === 0) pending = 'buy';
      if (fastBefore > slowBefore && fastNow < slowNow && qty > 0) pending = 'sell';
    }
  }
  const last = n - 1;
  return {
    trades,
    openPosition: entry === null ? null : { entryTs: entry.ts, entryPrice: entry.price, qty, markPrice: bars.close[last] },
    finalEquity: equity[last],
    equity,
  };
}
