import type { HeliosEvent } from '@helios/contracts';
import { isTerminal, type Anomaly, type AnomalyKind, type OrderRecord, type OrdersState, type OrderStatus, type PositionSlot, type StrategyBook } from './orders-state';
import { encodeNumber, SnapshotField, uniqueKey, type SnapshotNumber } from '@helios/domain-core';

/** Bumped whenever the shape below changes: the service shell ignores a snapshot of another version. */
export const ORDERS_SNAPSHOT_VERSION = 3;

/** An order; `null` stands for an absent `qty`, `quoteQty` or `exchangeOrderId`. */
export interface OrderRecordSnapshot {
  clientOrderId: string;
  strategyId: string;
  instrument: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  qty: SnapshotNumber | null;
  quoteQty: SnapshotNumber | null;
  createdTs: SnapshotNumber;
  status: OrderStatus;
  exchangeOrderId: string | null;
  filledQty: SnapshotNumber;
  remainingQty: SnapshotNumber;
  remainingQuote: SnapshotNumber;
  fillIds: string[];
  updatedTs: SnapshotNumber;
  lastFillTs: SnapshotNumber;
}

export interface PositionSlotSnapshot {
  instrument: string;
  position: SnapshotNumber;
  workingUnits: SnapshotNumber;
  workingQuote: SnapshotNumber;
  workingOrders: number;
}

export interface StrategyBookSnapshot {
  strategyId: string;
  cash: SnapshotNumber;
  slots: PositionSlotSnapshot[];
  workingOrders: number;
  lastFillTs: SnapshotNumber;
}

export interface AnomalySnapshot {
  kind: AnomalyKind;
  eventId: string;
  ts: SnapshotNumber;
  clientOrderId: string | null;
  message: string;
}

/**
 * The whole order-engine state as plain JSON, maps as lists in insertion order. `terminal` holds
 * only the finished orders still retained (the state's pruned prefix before `terminalHead` is
 * dropped), so equal states give equal snapshots however far their compaction has run.
 */
export interface OrdersSnapshot {
  marks: Array<{ instrument: string; price: SnapshotNumber; ts: SnapshotNumber }>;
  halted: boolean;
  orders: OrderRecordSnapshot[];
  books: StrategyBookSnapshot[];
  terminal: string[];
  anomalies: AnomalySnapshot[];
  anomalyCount: number;
  /** Held approvals, whole events in arrival order: sizing them later derives ids from them. */
  held: Array<HeliosEvent<'risk.approved'>>;
}

const n = encodeNumber;
const orNull = (x: number | undefined): SnapshotNumber | null => (x === undefined ? null : n(x));

const orderToSnapshot = (o: OrderRecord): OrderRecordSnapshot => ({
  clientOrderId: o.clientOrderId,
  strategyId: o.strategyId,
  instrument: o.instrument,
  side: o.side,
  type: o.type,
  qty: orNull(o.qty),
  quoteQty: orNull(o.quoteQty),
  createdTs: n(o.createdTs),
  status: o.status,
  exchangeOrderId: o.exchangeOrderId ?? null,
  filledQty: n(o.filledQty),
  remainingQty: n(o.remainingQty),
  remainingQuote: n(o.remainingQuote),
  fillIds: [...o.fillIds],
  updatedTs: n(o.updatedTs),
  lastFillTs: n(o.lastFillTs),
});

const bookToSnapshot = (b: StrategyBook): StrategyBookSnapshot => ({
  strategyId: b.strategyId,
  cash: n(b.cash),
  slots: Array.from(b.slots, ([instrument, s]) => ({
    instrument,
    position: n(s.position),
    workingUnits: n(s.workingUnits),
    workingQuote: n(s.workingQuote),
    workingOrders: s.workingOrders,
  })),
  workingOrders: b.workingOrders,
  lastFillTs: n(b.lastFillTs),
});

const anomalyToSnapshot = (a: Anomaly): AnomalySnapshot => ({ kind: a.kind, eventId: a.eventId, ts: n(a.ts), clientOrderId: a.clientOrderId ?? null, message: a.message });

/** Pure: reads the state, never changes it. */
export function ordersToSnapshot(state: OrdersState): OrdersSnapshot {
  return {
    marks: Array.from(state.marks, ([instrument, m]) => ({ instrument, price: n(m.price), ts: n(m.ts) })),
    halted: state.halted,
    orders: Array.from(state.orders.values(), orderToSnapshot),
    books: Array.from(state.books.values(), bookToSnapshot),
    terminal: state.terminal.slice(state.terminalHead),
    anomalies: state.anomalies.map(anomalyToSnapshot),
    anomalyCount: state.anomalyCount,
    held: [...state.held],
  };
}

const SIDES = ['buy', 'sell'] as const;
const ORDER_TYPES = ['market', 'limit'] as const;
const STATUSES: readonly OrderStatus[] = ['new', 'acknowledged', 'partiallyFilled', 'filled', 'cancelled', 'rejected'];
const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'unknownOrder',
  'duplicateOrder',
  'duplicateFill',
  'fillAfterFilled',
  'fillAfterCancelled',
  'fillAfterRejected',
  'fillMismatch',
  'remainingMismatch',
  'invalidTransition',
  'unsizable',
  'approvalWhileHalted',
];

function orderFromSnapshot(f: SnapshotField): OrderRecord {
  const qty = f.get('qty').optionalNumber();
  const quoteQty = f.get('quoteQty').optionalNumber();
  if (qty === undefined && quoteQty === undefined) throw f.get('qty').error('a number when quoteQty is null');
  return {
    clientOrderId: f.get('clientOrderId').string(),
    strategyId: f.get('strategyId').string(),
    instrument: f.get('instrument').string(),
    side: f.get('side').oneOf(SIDES),
    type: f.get('type').oneOf(ORDER_TYPES),
    qty,
    quoteQty,
    createdTs: f.get('createdTs').number(),
    status: f.get('status').oneOf(STATUSES),
    exchangeOrderId: f.get('exchangeOrderId').optionalString(),
    filledQty: f.get('filledQty').number(),
    remainingQty: f.get('remainingQty').number(),
    remainingQuote: f.get('remainingQuote').number(),
    fillIds: f
      .get('fillIds')
      .items()
      .map((id) => id.string()),
    updatedTs: f.get('updatedTs').number(),
    lastFillTs: f.get('lastFillTs').number(),
  };
}

function bookFromSnapshot(f: SnapshotField): StrategyBook {
  const slots = new Map<string, PositionSlot>();
  for (const s of f.get('slots').items()) {
    const instrument = s.get('instrument').string();
    uniqueKey(slots, instrument, s.get('instrument'));
    slots.set(instrument, {
      position: s.get('position').number(),
      workingUnits: s.get('workingUnits').number(),
      workingQuote: s.get('workingQuote').number(),
      workingOrders: s.get('workingOrders').count(),
    });
  }
  return {
    strategyId: f.get('strategyId').string(),
    cash: f.get('cash').number(),
    slots,
    workingOrders: f.get('workingOrders').count(),
    lastFillTs: f.get('lastFillTs').number(),
  };
}

function anomalyFromSnapshot(f: SnapshotField): Anomaly {
  const kind = f.get('kind').oneOf(ANOMALY_KINDS);
  const eventId = f.get('eventId').string();
  const ts = f.get('ts').number();
  const clientOrderId = f.get('clientOrderId').optionalString();
  const message = f.get('message').string();
  // Keys in the order `recordAnomaly` writes them, so a restored anomaly encodes to the same bytes.
  return clientOrderId === undefined ? { kind, eventId, ts, message } : { kind, eventId, ts, clientOrderId, message };
}

/** Rebuilds the state of `ordersToSnapshot`; throws an error naming the first malformed field. */
export function ordersFromSnapshot(json: unknown): OrdersState {
  const root = SnapshotField.root('orders', json);
  const marks = new Map<string, { price: number; ts: number }>();
  for (const m of root.get('marks').items()) {
    const instrument = m.get('instrument').string();
    uniqueKey(marks, instrument, m.get('instrument'));
    marks.set(instrument, { price: m.get('price').number(), ts: m.get('ts').number() });
  }
  const orders = new Map<string, OrderRecord>();
  for (const o of root.get('orders').items()) {
    const order = orderFromSnapshot(o);
    uniqueKey(orders, order.clientOrderId, o.get('clientOrderId'));
    orders.set(order.clientOrderId, order);
  }
  const books = new Map<string, StrategyBook>();
  for (const b of root.get('books').items()) {
    const book = bookFromSnapshot(b);
    uniqueKey(books, book.strategyId, b.get('strategyId'));
    books.set(book.strategyId, book);
  }
  const working = new Map<string, OrderRecord>();
  for (const order of orders.values()) if (!isTerminal(order.status)) working.set(order.clientOrderId, order);
  return {
    marks,
    halted: root.get('halted').boolean(),
    orders,
    working,
    books,
    terminal: root
      .get('terminal')
      .items()
      .map((id) => id.string()),
    terminalHead: 0,
    anomalies: root.get('anomalies').items().map(anomalyFromSnapshot),
    anomalyCount: root.get('anomalyCount').count(),
    held: root.get('held').items().map((f) => f.event('risk.approved')),
  };
}

/** The hooks the service shell takes (`ServiceDecider.toSnapshot`, `fromSnapshot`, `snapshotVersion`). */
export const ordersSnapshotHooks = {
  toSnapshot: ordersToSnapshot,
  fromSnapshot: ordersFromSnapshot,
  snapshotVersion: ORDERS_SNAPSHOT_VERSION,
} as const;
