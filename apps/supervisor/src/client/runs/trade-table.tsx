'use client';
import { useMemo, useState } from 'react';
import { Button } from '../ui/button';
import type { TradeRow } from './result-shape';
import { nextSort, pageOf, sortTrades, type TradeColumn, type TradeSort } from './trade-table-model';

const COLUMNS: Array<{ key: TradeColumn; label: string; numeric?: boolean }> = [
  { key: 'entryTs', label: 'Entry' },
  { key: 'exitTs', label: 'Exit' },
  { key: 'side', label: 'Side' },
  { key: 'qty', label: 'Qty', numeric: true },
  { key: 'entryPrice', label: 'Entry price', numeric: true },
  { key: 'exitPrice', label: 'Exit price', numeric: true },
  { key: 'pnl', label: 'P&L', numeric: true },
  { key: 'fees', label: 'Fees', numeric: true },
];

const cell = (t: TradeRow, key: TradeColumn): string => {
  const v = t[key];
  if (key === 'entryTs' || key === 'exitTs') return new Date(v as number).toISOString().slice(0, 16).replace('T', ' ');
  if (typeof v === 'number') return key === 'qty' ? String(v) : v.toFixed(2);
  return String(v);
};

/** Closed trades: sortable by any column, paginated, with a CSV download when the run is recorded. */
export function TradeTable({ trades, csvHref, pageSize = 15 }: { trades: readonly TradeRow[]; csvHref?: string; pageSize?: number }) {
  const [sort, setSort] = useState<TradeSort>({ column: 'entryTs', descending: false });
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortTrades(trades, sort), [trades, sort]);
  const view = pageOf(sorted, page, pageSize);
  return (
    <div className="space-y-2" data-testid="trade-table">
      <div className="flex items-center justify-between text-xs text-slate-400">
        <span>{trades.length} closed trades</span>
        {csvHref !== undefined && (
          <a className="text-neon-cyan hover:underline" href={csvHref} download>
            Download CSV
          </a>
        )}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <thead className="text-slate-400">
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className={`cursor-pointer select-none px-2 py-1 ${c.numeric ? 'text-right' : ''}`} onClick={() => setSort(nextSort(sort, c.key))} aria-sort={sort.column === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  {c.label}
                  {sort.column === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="font-mono">
            {view.rows.map((t, i) => (
              <tr key={`${t.entryTs}-${i}`} className="border-t border-abyss-700">
                {COLUMNS.map((c) => (
                  <td key={c.key} className={`px-2 py-1 ${c.numeric ? 'text-right' : ''} ${c.key === 'pnl' ? (t.pnl >= 0 ? 'text-neon-green' : 'text-neon-red') : ''}`}>
                    {cell(t, c.key)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.pages > 1 && (
        <div className="flex items-center justify-end gap-2 text-xs text-slate-400">
          <Button onClick={() => setPage(view.page - 1)} disabled={view.page === 0}>
            Prev
          </Button>
          <span>
            page {view.page + 1} / {view.pages}
          </span>
          <Button onClick={() => setPage(view.page + 1)} disabled={view.page >= view.pages - 1}>
            Next
          </Button>
        </div>
      )}
    </div>
  );
}
