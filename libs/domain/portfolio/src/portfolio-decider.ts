import type { CandlePayload, HeliosEvent, OrderFillPayload, PnlGlobalPayload } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { drawdownPct } from './equity-curve';
import { resolvePortfolioConfig, type PortfolioConfig, type PortfolioSettings } from './portfolio-config';
import {
  capitalOf,
  initialPortfolioState,
  instrumentMark,
  newStrategyBook,
  positionBook,
  strategyBook,
  type PortfolioInput,
  type PortfolioOutput,
  type PortfolioState,
} from './portfolio-state';
import { fillEffect } from './position-math';
import { bookTrade } from './trades';
import { portfolioTotals, strategyEquity, summarize, totalEquityNow, unrealizedPnl, type MarkChange, type PositionChange, type Summary } from './valuation';

/**
 * The portfolio as a decider: average-cost positions per strategy and instrument, cash, P&L,
 * equity and drawdown.
 *
 * Accounting: `realized` is gross price P&L; fees are kept separately (`fees`) and paid from cash,
 * so for every strategy equity = initial capital + realized - fees + unrealized = cash + position
 * value. Positions are marked at the last bar close (at the last fill price until a bar of the
 * instrument has closed).
 *
 * Emits, derived from the event that changed the numbers:
 * - on every `order.fill`: `pnl.update` for the strategy and instrument, then `pnl.global`;
 * - on every closed `md.candle`, only with `emitEveryBar`: `pnl.update` for each open position in
 *   the bar's instrument, then `pnl.global`.
 * In `pnl.update`, position, avgPrice, realized, unrealized and fees are those of the one
 * instrument; `equity` is the whole strategy's. `pnl.global` drawdownPct is the drawdown of current
 * equity from the running peak of bar-close equity, as a positive percentage (the contract's sign);
 * the state's curves keep it negative.
 *
 * A fill's strategy is the `strategyId` of its `order.new` (so the portfolio also reads `order.new`,
 * `order.reject` and `order.cancel` to learn and forget it), or the fill's account when the order
 * carried none. State is mutated in place by `evolve` (see `PortfolioState`).
 */
export function createPortfolioDecider(config: PortfolioConfig = {}): Decider<PortfolioState, PortfolioInput, PortfolioOutput> & {
  readonly settings: PortfolioSettings;
} {
  const settings = resolvePortfolioConfig(config);
  return {
    name: 'portfolio',
    settings,
    initialState: () => initialPortfolioState(settings),
    decide: (state, input) => decide(settings, state, input),
    evolve: (state, event) => evolve(settings, state, event),
  };
}

const orderKey = (account: string, clientOrderId: string) => `${account}/${clientOrderId}`;
const strategyOf = (state: PortfolioState, f: OrderFillPayload) =>
  f.strategyId ?? state.orderStrategy.get(orderKey(f.account, f.clientOrderId)) ?? f.account;
const signedQty = (f: OrderFillPayload) => (f.side === 'buy' ? f.qty : -f.qty);

function usableCandle(settings: PortfolioSettings, c: CandlePayload): boolean {
  return c.closed && (settings.timeframe === undefined || c.tf === settings.timeframe);
}

function globalPayload(totals: Summary, peak: number): PnlGlobalPayload {
  const drawdown = -drawdownPct(peak, totals.equity);
  return {
    realized: totals.realized,
    unrealized: totals.unrealized,
    equity: totals.equity,
    cash: totals.cash,
    grossExposure: totals.grossExposure,
    // The contract caps drawdown at 100%; equity below zero is reported as a total loss.
    drawdownPct: drawdown > 0 ? Math.min(100, drawdown) : 0,
  };
}

// Most inputs (every candle, unless emitEveryBar) produce nothing; one frozen array spares an allocation per bar.
const NOTHING: PortfolioOutput[] = Object.freeze([]) as unknown as PortfolioOutput[];

function decide(settings: PortfolioSettings, state: PortfolioState, input: PortfolioInput): PortfolioOutput[] {
  if (input.type === 'order.fill') return decideFill(settings, state, input);
  if (input.type === 'md.candle' && settings.emitEveryBar && usableCandle(settings, input.payload)) return decideBar(settings, state, input);
  return NOTHING;
}

function decideFill(settings: PortfolioSettings, state: PortfolioState, input: HeliosEvent<'order.fill'>): PortfolioOutput[] {
  const f = input.payload;
  const strategyId = strategyOf(state, f);
  const existing = state.strategies.get(strategyId);
  const book = existing ?? newStrategyBook(strategyId, capitalOf(settings, strategyId), false);
  const position = book.positions.get(f.instrument);
  const signed = signedQty(f);
  const fx = fillEffect(position?.qty ?? 0, position?.avgPrice ?? 0, signed, f.price);
  const known = state.marks.get(f.instrument);
  const mark: MarkChange = { instrument: f.instrument, price: known?.fromBar ? known.price : f.price };
  const change: PositionChange = {
    strategy: book,
    instrument: f.instrument,
    qty: fx.qty,
    avgPrice: fx.avgPrice,
    cash: book.cash - (signed * f.price + f.fee),
    realized: book.realized + fx.realized,
    fees: book.fees + f.fee,
  };
  const strategy = summarize(book, mark, change);
  const update = {
    strategyId,
    instrument: f.instrument,
    position: fx.qty,
    avgPrice: fx.avgPrice,
    realized: (position?.realized ?? 0) + fx.realized,
    unrealized: unrealizedPnl(fx.qty, mark.price, fx.avgPrice),
    equity: strategy.equity,
    fees: (position?.fees ?? 0) + f.fee,
  };
  const totals = portfolioTotals(state, mark, change, existing === undefined ? book : undefined);
  return [
    derive(input, 'pnl.update', 0, settings.src, update),
    derive(input, 'pnl.global', 0, settings.src, globalPayload(totals, state.curve.peakAfter(input.ts, totals.equity, false))),
  ];
}

function decideBar(settings: PortfolioSettings, state: PortfolioState, input: HeliosEvent<'md.candle'>): PortfolioOutput[] {
  // No strategy known yet (no configured capital, no fill): the portfolio's equity is unknown, not 0.
  // A pnl.global of zeros would tell the risk gate the portfolio has nothing, and its portfolio-wide
  // limits would then refuse every first entry, so no fill would ever make a strategy known.
  if (state.strategyList.length === 0) return NOTHING;
  const c = input.payload;
  const mark: MarkChange = { instrument: c.symbol, price: c.close };
  const out: PortfolioOutput[] = [];
  for (const p of state.marks.get(c.symbol)?.holders ?? []) {
    if (p.qty === 0) continue;
    const book = state.strategies.get(p.strategyId);
    if (book === undefined) continue;
    out.push(
      derive(input, 'pnl.update', out.length, settings.src, {
        strategyId: p.strategyId,
        instrument: p.instrument,
        position: p.qty,
        avgPrice: p.avgPrice,
        realized: p.realized,
        unrealized: unrealizedPnl(p.qty, c.close, p.avgPrice),
        equity: summarize(book, mark).equity,
        fees: p.fees,
      }),
    );
  }
  const totals = portfolioTotals(state, mark);
  out.push(derive(input, 'pnl.global', 0, settings.src, globalPayload(totals, state.curve.peakAfter(input.ts, totals.equity, true))));
  return out;
}

function evolve(settings: PortfolioSettings, state: PortfolioState, event: PortfolioInput | PortfolioOutput): PortfolioState {
  switch (event.type) {
    case 'md.candle':
      if (usableCandle(settings, event.payload)) markBar(state, event.payload.symbol, event.payload.close, event.ts);
      return state;
    case 'order.fill':
      applyFill(settings, state, event.payload, event.ts);
      return state;
    case 'order.new':
      if (event.payload.strategyId !== undefined) state.orderStrategy.set(orderKey(event.payload.account, event.payload.clientOrderId), event.payload.strategyId);
      return state;
    case 'order.reject':
    case 'order.cancel':
      state.orderStrategy.delete(orderKey(event.payload.account, event.payload.clientOrderId));
      return state;
    default:
      return state;
  }
}

/** The per-bar hot path: one map lookup, then one equity sum and one curve point per strategy. */
function markBar(state: PortfolioState, instrument: string, close: number, ts: number): void {
  // A known instrument's mark without calling into portfolio-state (a getter per call under tsx).
  const mark = state.marks.get(instrument) ?? instrumentMark(state, instrument);
  mark.price = close;
  mark.fromBar = true;
  let total = 0;
  for (const book of state.strategyList) {
    const equity = strategyEquity(book);
    book.curve.mark(ts, equity);
    total += equity;
  }
  state.curve.mark(ts, total);
}

function applyFill(settings: PortfolioSettings, state: PortfolioState, f: OrderFillPayload, ts: number): void {
  const key = orderKey(f.account, f.clientOrderId);
  const book = strategyBook(state, settings, state.orderStrategy.get(key) ?? f.account);
  if (f.remainingQty === 0) state.orderStrategy.delete(key);
  const mark = instrumentMark(state, f.instrument);
  if (!mark.fromBar) mark.price = f.price;
  const position = positionBook(book, mark);
  const signed = signedQty(f);
  const fx = fillEffect(position.qty, position.avgPrice, signed, f.price);
  book.cash = book.cash - (signed * f.price + f.fee);
  book.realized = book.realized + fx.realized;
  book.fees = book.fees + f.fee;
  position.realized += fx.realized;
  position.fees += f.fee;
  position.trade = bookTrade(position.trade, fx, f.price, f.fee, ts, position, book.trades);
  position.qty = fx.qty;
  position.avgPrice = fx.avgPrice;
  // A fill caused by a bar that was already marked (the bus delivered the bar first) refreshes that
  // bar's point, so the curve does not depend on delivery order.
  if (book.curve.lastTs === ts) book.curve.mark(ts, strategyEquity(book));
  if (state.curve.lastTs === ts) state.curve.mark(ts, totalEquityNow(state));
}
