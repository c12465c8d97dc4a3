import type { HeliosEvent } from '@helios/contracts';
import { createApprovalWindow, type ApprovalWindow } from './approval-window';
import { newEquityPeaks, type EquityPeaks } from './equity-peaks';
import { DEFAULT_ORDER_RATE, strategyLimits, type RiskConfig } from './risk-config';

/** Last traded price of an instrument (candle close or tick), the one before it, and its event time. */
export interface Mark {
  price: number;
  /** NaN until a second price arrives. */
  previous: number;
  ts: number;
}

/** A strategy's equity (latest `pnl.update`, or the configured initial equity) and its peaks. */
export interface StrategyRiskBook extends EquityPeaks {
  readonly strategyId: string;
  /** Signed units from the fills of this strategy's orders. */
  readonly positions: Map<string, number>;
  /**
   * Units of the last approved target per instrument (weights converted at approval time). A
   * flattening target whose order the venue refused or cancelled while a position remains is
   * removed, so the position counts again (and a liquidation can try again).
   */
  readonly targets: Map<string, number>;
  readonly approvals: ApprovalWindow;
  /** Flattening targets the gate approved itself per instrument in the current liquidation episode (`liquidation.ts`). */
  readonly liquidations: Map<string, number>;
}

/** Who sent an order and for what: learnt from `order.new` (fills and rejections carry no strategy). */
export interface OrderOwner {
  readonly strategyId: string;
  readonly instrument: string;
}

export interface HaltState {
  halted: boolean;
  reason: string;
  by: string;
}

/**
 * State of the risk decider. `evolve` mutates it in place and returns the same object (a backtest
 * evolves it millions of times); `decide` only reads it.
 */
export interface RiskState {
  readonly marks: Map<string, Mark>;
  readonly halt: HaltState;
  readonly books: Map<string, StrategyRiskBook>;
  /** Portfolio equity from `pnl.global` and its peaks (NaN before the first). */
  readonly portfolio: EquityPeaks;
  /** clientOrderId -> its owner, learnt from `order.new`, so fills (which carry no strategy) can be attributed. */
  readonly orderOwners: Map<string, OrderOwner>;
  /** Signed units of fills whose order the gate never saw: counted in the net exposure, owned by no strategy. */
  readonly unattributed: Map<string, number>;
  /** Every instrument that ever had a position or target: what gross exposure sums over. */
  readonly exposed: Set<string>;
  /** Intents waiting for their bar's price, whole events in arrival order (`intent-hold.ts`). */
  readonly held: Array<HeliosEvent<'strategy.intent'>>;
}

export function initialRiskState(): RiskState {
  return {
    marks: new Map(),
    halt: { halted: false, reason: '', by: '' },
    books: new Map(),
    portfolio: newEquityPeaks(),
    orderOwners: new Map(),
    unattributed: new Map(),
    exposed: new Set(),
    held: [],
  };
}

/**
 * A copy for `decide` to apply a releasing event and its released decisions to: only what those
 * can change is copied (the event's mark, the halt, the held list, and what approvals write: the
 * books' targets and order-rate rings, the exposed instruments), not order owners, positions or
 * equities. Made only when something held may be released, never per bar in a backtest.
 */
export function forkRiskState(state: RiskState, e: HeliosEvent): RiskState {
  const marks = new Map(state.marks);
  const instrument = e.type === 'md.candle' || e.type === 'md.tick' ? (e as HeliosEvent<'md.candle' | 'md.tick'>).payload.symbol : undefined;
  const mark = instrument === undefined ? undefined : marks.get(instrument);
  if (instrument !== undefined && mark !== undefined) marks.set(instrument, { ...mark });
  const books = new Map<string, StrategyRiskBook>();
  for (const [id, book] of state.books) books.set(id, forkBook(book));
  return {
    ...state,
    marks,
    halt: { ...state.halt },
    books,
    exposed: new Set(state.exposed),
    held: state.held.slice(),
  };
}

/** Positions change only with fills, which release nothing: shared; what an approval records is copied. */
function forkBook(book: StrategyRiskBook): StrategyRiskBook {
  const approvals = { times: book.approvals.times.slice(), head: book.approvals.head, count: book.approvals.count };
  return { ...book, targets: new Map(book.targets), approvals, liquidations: new Map(book.liquidations) };
}

export function newBook(config: RiskConfig, strategyId: string): StrategyRiskBook {
  const limits = strategyLimits(config, strategyId);
  const initial = limits ? limits.initialEquity : NaN;
  return {
    strategyId,
    equity: initial,
    peakEquity: initial,
    dayPeakEquity: initial,
    day: NaN,
    positions: new Map(),
    targets: new Map(),
    approvals: createApprovalWindow((limits?.orderRate ?? DEFAULT_ORDER_RATE).maxApprovals),
    liquidations: new Map(),
  };
}

export function bookFor(config: RiskConfig, state: RiskState, strategyId: string): StrategyRiskBook {
  let book = state.books.get(strategyId);
  if (!book) {
    book = newBook(config, strategyId);
    state.books.set(strategyId, book);
  }
  return book;
}

/** What a strategy counts for in the net exposure: its approved target, else its position. */
export function exposureOf(book: StrategyRiskBook, instrument: string): number {
  return book.targets.get(instrument) ?? book.positions.get(instrument) ?? 0;
}

/** Net units of an instrument over every strategy (and unattributed fills), with `strategyId` left out. */
export function netExposureExcluding(state: RiskState, instrument: string, strategyId: string): number {
  let net = state.unattributed.get(instrument) ?? 0;
  for (const book of state.books.values()) if (book.strategyId !== strategyId) net += exposureOf(book, instrument);
  return net;
}

// Float sums of fills leave dust like 5.5e-17 where a position is flat; dust is not a position.
const DUST = 1e-12;
export function addUnits(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  map.set(key, Math.abs(next) < DUST ? 0 : next);
}
