import type { HeliosEvent } from '@helios/contracts';

export type OrderStatus = 'new' | 'acknowledged' | 'partiallyFilled' | 'filled' | 'cancelled' | 'rejected';

export type OrderSide = 'buy' | 'sell';

/** One order of the engine, tracked by its client order id. */
export interface OrderRecord {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrument: string;
  readonly side: OrderSide;
  /** Market orders resolve at the next bar (fill or reject); a resting limit order may never. */
  readonly type: 'market' | 'limit';
  /** Units asked for; undefined on a quote-sized buy. */
  readonly qty: number | undefined;
  /** Quote currency asked for on a quote-sized market buy. */
  readonly quoteQty: number | undefined;
  readonly createdTs: number;
  status: OrderStatus;
  exchangeOrderId: string | undefined;
  filledQty: number;
  /** Units still open; NaN on a quote-sized buy until its first fill tells its size. */
  remainingQty: number;
  /** Quote currency still open on a quote-sized buy before its first fill; 0 otherwise. */
  remainingQuote: number;
  readonly fillIds: string[];
  updatedTs: number;
  /** Event time of the latest fill; NaN before the first (an ack can arrive late, so not `updatedTs`). */
  lastFillTs: number;
}

/** A strategy's position in one instrument and what its working orders will add to it. */
export interface PositionSlot {
  position: number;
  /** Signed open units of working orders whose size is known. */
  workingUnits: number;
  /** Open quote currency of quote-sized buys not filled yet. */
  workingQuote: number;
  workingOrders: number;
}

export interface StrategyBook {
  readonly strategyId: string;
  /** Cash from the configured initial capital and this strategy's fills; re-anchored by pnl.update when flat. NaN when unknown. */
  cash: number;
  readonly slots: Map<string, PositionSlot>;
  workingOrders: number;
}

export type AnomalyKind =
  | 'unknownOrder'
  | 'duplicateOrder'
  | 'duplicateFill'
  | 'fillAfterFilled'
  | 'fillAfterCancelled'
  | 'fillAfterRejected'
  | 'fillMismatch'
  | 'remainingMismatch'
  | 'invalidTransition'
  | 'unsizable'
  | 'approvalWhileHalted';

/** Something that should not happen, kept for operators instead of crashing the engine. */
export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly eventId: string;
  readonly ts: number;
  readonly clientOrderId?: string;
  readonly message: string;
}

/**
 * State of the order engine. `evolve` mutates it in place and returns the same object; `decide` only
 * reads it.
 */
export interface OrdersState {
  /** Last price per instrument (candle close or tick) and its event time. */
  readonly marks: Map<string, { price: number; ts: number }>;
  halted: boolean;
  readonly orders: Map<string, OrderRecord>;
  readonly books: Map<string, StrategyBook>;
  /** Finished orders in the order they finished, oldest first from `terminalHead`: pruned past the retention. */
  readonly terminal: string[];
  terminalHead: number;
  /** The most recent anomalies (bounded) and how many there were in all. */
  readonly anomalies: Anomaly[];
  anomalyCount: number;
  /**
   * Approvals waiting, in arrival order, for the answer to a market order they would be sized
   * against (see `approval-hold.ts`). Empty whenever fills arrive before approvals (backtests).
   */
  readonly held: HeliosEvent<'risk.approved'>[];
}

export function initialOrdersState(): OrdersState {
  return {
    marks: new Map(),
    halted: false,
    orders: new Map(),
    books: new Map(),
    terminal: [],
    terminalHead: 0,
    anomalies: [],
    anomalyCount: 0,
    held: [],
  };
}

export const EMPTY_SLOT: Readonly<PositionSlot> = Object.freeze({ position: 0, workingUnits: 0, workingQuote: 0, workingOrders: 0 });

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'cancelled' || status === 'rejected';
}
