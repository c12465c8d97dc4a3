/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { TradeRow } from './result-shape';
import { TradeTable } from './trade-table';
import { pageOf, sortTrades } from './trade-table-model';

const D = 86_400_000;
const trade = (i: number, pnl: number): TradeRow => ({ side: 'long', qty: i + 1, entryTs: i * D, entryPrice: 10 + i, exitTs: i * D + D / 2, exitPrice: 10 + i + pnl, pnl, fees: 0 });
const trades = [trade(0, 5), trade(1, -2), trade(2, 9), trade(3, 0), trade(4, -7)];

it('sorts by a column (ties keep trade order) and pages', () => {
  expect(sortTrades(trades, { column: 'pnl', descending: true }).map((t) => t.pnl)).toEqual([9, 5, 0, -2, -7]);
  expect(sortTrades(trades, { column: 'pnl', descending: false }).map((t) => t.pnl)).toEqual([-7, -2, 0, 5, 9]);
  expect(pageOf([1, 2, 3, 4, 5], 1, 2)).toEqual({ rows: [3, 4], page: 1, pages: 3 });
  expect(pageOf([1, 2, 3, 4, 5], 9, 2)).toEqual({ rows: [5], page: 2, pages: 3 });
  expect(pageOf([], 0, 2)).toEqual({ rows: [], page: 0, pages: 1 });
});

it('clicking P&L sorts best first, again worst first; Next shows the next page', () => {
  render(<TradeTable trades={trades} pageSize={2} csvHref="/api/v1/runs/r1/trades.csv" />);
  const pnlCells = () => within(screen.getByTestId('trade-table')).getAllByRole('row').slice(1).map((r) => r.children[6].textContent);
  expect(pnlCells()).toEqual(['5.00', '-2.00']);
  fireEvent.click(screen.getByText('P&L'));
  expect(pnlCells()).toEqual(['9.00', '5.00']);
  fireEvent.click(screen.getByText(/P&L/));
  expect(pnlCells()).toEqual(['-7.00', '-2.00']);
  fireEvent.click(screen.getByText('Next'));
  expect(pnlCells()).toEqual(['0.00', '5.00']);
  expect(screen.getByText('page 2 / 3')).toBeTruthy();
  expect(screen.getByText('Download CSV').getAttribute('href')).toBe('/api/v1/runs/r1/trades.csv');
});
