import type { HeliosEvent } from '@helios/contracts';
import { EquityCurve } from './equity-curve';
import type { PortfolioSettings } from './portfolio-config';
import type { ClosedTrade, OpenTrade } from './trades';

export type PortfolioInput = HeliosEvent<'order.fill' | 'md.candle' | 'order.new' | 'order.reject' | 'order.cancel'>;
export type PortfolioOutput = HeliosEvent<'pnl.update' | 'pnl.global'>;

/** Last close of an instrument and every position held in it (by any strategy). */
export interface InstrumentMark {
  readonly instrument: string;
  /** Last bar close; until a bar of the instrument closes, the last fill price; NaN before either. */
  price: number;
  /** True once a bar of the instrument has closed: from then on only bars move the mark. */
  fromBar: boolean;
  readonly holders: PositionBook[];
}

/** One strategy's position in one instrument. Mutable, like all of the portfolio state. */
export interface PositionBook {
  readonly strategyId: string;
  readonly instrument: string;
  readonly mark: InstrumentMark;
  /** Signed units. */
  qty: number;
  /** Average cost of the open position; 0 when flat. */
  avgPrice: number;
  /** Gross price P&L realized in this instrument. */
  realized: number;
  /** Fees paid in this instrument. */
  fees: number;
  trade: OpenTrade | undefined;
}

export interface StrategyBook {
  readonly id: string;
  readonly initialCapital: number;
  cash: number;
  /** Gross realized P&L; fees are kept apart, so equity = capital + realized - fees + unrealized. */
  realized: number;
  fees: number;
  readonly positions: Map<string, PositionBook>;
  /** The same positions in the order they were opened: every sum runs in this order. */
  readonly positionList: PositionBook[];
  readonly curve: EquityCurve;
  readonly trades: ClosedTrade[];
}

/**
 * Portfolio state. Mutable for speed: `evolve` updates it in place and returns the same object;
 * `decide` only reads it. Strategies and positions are kept in creation order so that every total
 * is summed in the same order by `decide` (for the events) and by `evolve` (for the state).
 */
export interface PortfolioState {
  readonly strategies: Map<string, StrategyBook>;
  readonly strategyList: StrategyBook[];
  readonly marks: Map<string, InstrumentMark>;
  /** Strategy of each open order (`account/clientOrderId`), learned from `order.new`. */
  readonly orderStrategy: Map<string, string>;
  /** Bar-close equity of the whole portfolio. */
  readonly curve: EquityCurve;
}

export function newStrategyBook(id: string, initialCapital: number, keepCurve: boolean): StrategyBook {
  return {
    id,
    initialCapital,
    cash: initialCapital,
    realized: 0,
    fees: 0,
    positions: new Map(),
    positionList: [],
    curve: new EquityCurve(initialCapital, keepCurve),
    trades: [],
  };
}

/** The configured strategies exist from the start, so the curves and the total include them from bar one. */
export function initialPortfolioState(settings: PortfolioSettings): PortfolioState {
  const strategyList = [...settings.initialCapital].map(([id, capital]) => newStrategyBook(id, capital, settings.recordCurve));
  const startEquity = strategyList.reduce((sum, s) => sum + s.initialCapital, 0);
  return {
    strategies: new Map(strategyList.map((s) => [s.id, s])),
    strategyList,
    marks: new Map(),
    orderStrategy: new Map(),
    curve: new EquityCurve(startEquity, settings.recordCurve),
  };
}

export const capitalOf = (settings: PortfolioSettings, strategyId: string): number => settings.initialCapital.get(strategyId) ?? settings.defaultCapital;

export function strategyBook(state: PortfolioState, settings: PortfolioSettings, id: string): StrategyBook {
  let book = state.strategies.get(id);
  if (book === undefined) {
    book = newStrategyBook(id, capitalOf(settings, id), settings.recordCurve);
    state.strategies.set(id, book);
    state.strategyList.push(book);
  }
  return book;
}

export function instrumentMark(state: PortfolioState, instrument: string): InstrumentMark {
  let mark = state.marks.get(instrument);
  if (mark === undefined) {
    mark = { instrument, price: NaN, fromBar: false, holders: [] };
    state.marks.set(instrument, mark);
  }
  return mark;
}

export function positionBook(book: StrategyBook, mark: InstrumentMark): PositionBook {
  let position = book.positions.get(mark.instrument);
  if (position === undefined) {
    position = { strategyId: book.id, instrument: mark.instrument, mark, qty: 0, avgPrice: 0, realized: 0, fees: 0, trade: undefined };
    book.positions.set(mark.instrument, position);
    book.positionList.push(position);
    mark.holders.push(position);
  }
  return position;
}
