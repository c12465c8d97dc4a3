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
  /** Event time of the latest fill of this strategy the engine applied; -1 before any. A flat pnl.update older than it is stale. */
  lastFillTs: number;
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
  /**
   * The orders of `orders` not finished yet, the same records: what the hold rule looks through.
   * `orders` also retains up to `retainTerminalOrders` finished ones (to recognise late fills), and
   * scanning those for every held approval cost a scan of ~10,000 records per event (ADR 0012).
   * Not in the snapshot: rebuilt from `orders` on restore.
   */
  readonly working: Map<string, OrderRecord>;
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
    working: new Map(),
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

/**
 * A copy of the state that folding `e` into cannot change `state`: `decide` sizes released
 * approvals on the state after `e`, and must not change the state itself. Copies what folding an
 * answer, a candle or a tick writes (marks, books and their slots, the lists, the maps' entries)
 * and, of the order records, only the one `e` answers; every other record is shared, as folding `e`
 * does not touch it. Replaces a deep copy of every retained order (`structuredClone`, ~10,000
 * records) per such event.
 */
export function forkState(state: OrdersState, e: HeliosEvent): OrdersState {
  const orders = new Map(state.orders);
  const working = new Map(state.working);
  const answered = answeredOrderId(e);
  const record = answered === undefined ? undefined : orders.get(answered);
  if (answered !== undefined && record !== undefined) {
    const copy: OrderRecord = { ...record, fillIds: [...record.fillIds] };
    orders.set(answered, copy);
    if (working.has(answered)) working.set(answered, copy);
  }
  const books = new Map<string, StrategyBook>();
  for (const [id, book] of state.books) {
    const slots = new Map<string, PositionSlot>();
    for (const [instrument, slot] of book.slots) slots.set(instrument, { ...slot });
    books.set(id, { ...book, slots });
  }
  const marks = new Map<string, { price: number; ts: number }>();
  for (const [instrument, mark] of state.marks) marks.set(instrument, { ...mark });
  return {
    ...state,
    marks,
    orders,
    working,
    books,
    terminal: state.terminal.slice(),
    anomalies: state.anomalies.slice(),
    held: state.held.slice(),
  };
}

function answeredOrderId(e: HeliosEvent): string | undefined {
  switch (e.type) {
    case 'order.ack':
    case 'order.fill':
    case 'order.cancel':
    case 'order.reject':
      return (e.payload as { clientOrderId: string }).clientOrderId;
    default:
      return undefined;
  }
}
