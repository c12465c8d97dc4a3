import type { TradeRow } from './result-shape';

export type TradeColumn = 'entryTs' | 'exitTs' | 'side' | 'qty' | 'entryPrice' | 'exitPrice' | 'pnl' | 'fees';
export interface TradeSort {
  column: TradeColumn;
  descending: boolean;
}

/** Sorted copy; equal values keep the trade order (entry time). */
export function sortTrades(trades: readonly TradeRow[], sort: TradeSort): TradeRow[] {
  const sign = sort.descending ? -1 : 1;
  return trades
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      const x = a.t[sort.column];
      const y = b.t[sort.column];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.t);
}

/** Page `page` (from 0, clamped) of `size` rows, and how many pages there are (at least 1). */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(p * size, p * size + size), page: p, pages };
}

/** Clicking a column sorts by it; clicking it again flips the direction. */
export function nextSort(current: TradeSort, column: TradeColumn): TradeSort {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: column === 'pnl' };
}
