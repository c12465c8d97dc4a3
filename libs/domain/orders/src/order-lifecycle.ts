import type { HeliosEvent } from '@helios/contracts';
import type { OrdersConfig } from './orders-config';
import { isTerminal, type AnomalyKind, type OrderRecord, type OrdersState, type OrderStatus, type StrategyBook } from './orders-state';
import { bookFor, slotFor, withoutDust } from './strategy-book';

/*
 * Order lifecycle: new -> acknowledged -> partiallyFilled -> filled, or -> cancelled / rejected.
 * Venues and buses reorder: a fill may arrive before its ack, so an ack after a fill only records
 * the exchange id. Events that break the lifecycle become anomalies in the state, never a crash.
 * A fill is money that moved: it always updates position and cash when its order is known, even
 * when it arrives after the order finished (and is then also an anomaly).
 */

/** Remaining quantities agree with ours when within this many units (fills are lot multiples). */
const REMAINING_TOLERANCE = 1e-9;

export function recordAnomaly(config: OrdersConfig, state: OrdersState, kind: AnomalyKind, e: HeliosEvent, message: string, clientOrderId?: string): void {
  state.anomalies.push(clientOrderId === undefined ? { kind, eventId: e.id, ts: e.ts, message } : { kind, eventId: e.id, ts: e.ts, clientOrderId, message });
  state.anomalyCount++;
  if (state.anomalies.length > config.maxAnomalies) state.anomalies.shift();
}

export function openOrder(config: OrdersConfig, state: OrdersState, e: HeliosEvent<'order.new'>): void {
  const p = e.payload;
  if (state.orders.has(p.clientOrderId)) {
    recordAnomaly(config, state, 'duplicateOrder', e, `order ${p.clientOrderId} already exists`, p.clientOrderId);
    return;
  }
  if (p.strategyId === undefined) {
    recordAnomaly(config, state, 'unknownOrder', e, `order ${p.clientOrderId} names no strategy: not tracked`, p.clientOrderId);
    return;
  }
  const record: OrderRecord = {
    clientOrderId: p.clientOrderId,
    strategyId: p.strategyId,
    instrument: p.instrument,
    side: p.side,
    type: p.type,
    qty: p.qty,
    quoteQty: p.quoteQty,
    createdTs: e.ts,
    status: 'new',
    exchangeOrderId: undefined,
    filledQty: 0,
    remainingQty: p.qty ?? NaN,
    remainingQuote: p.quoteQty ?? 0,
    fillIds: [],
    updatedTs: e.ts,
    lastFillTs: NaN,
  };
  state.orders.set(p.clientOrderId, record);
  state.working.set(p.clientOrderId, record);
  const book = bookFor(config, state, p.strategyId);
  const slot = slotFor(book, p.instrument);
  if (p.qty !== undefined) slot.workingUnits += sign(p.side) * p.qty;
  else slot.workingQuote += p.quoteQty;
  slot.workingOrders++;
  book.workingOrders++;
}

export function acknowledge(config: OrdersConfig, state: OrdersState, e: HeliosEvent<'order.ack'>): void {
  const order = known(config, state, e, e.payload.clientOrderId, 'ack');
  if (!order) return;
  if (order.status === 'cancelled' || order.status === 'rejected') {
    recordAnomaly(config, state, 'invalidTransition', e, `ack for order ${order.clientOrderId} after it was ${order.status}`, order.clientOrderId);
    return;
  }
  order.exchangeOrderId = e.payload.exchangeOrderId;
  order.updatedTs = e.ts;
  if (order.status === 'new') order.status = 'acknowledged';
}

export function applyFill(config: OrdersConfig, state: OrdersState, e: HeliosEvent<'order.fill'>): void {
  const p = e.payload;
  const order = known(config, state, e, p.clientOrderId, 'fill');
  if (!order) return;
  if (order.fillIds.includes(p.fillId)) {
    recordAnomaly(config, state, 'duplicateFill', e, `fill ${p.fillId} of order ${order.clientOrderId} was already applied`, order.clientOrderId);
    return;
  }
  if (p.instrument !== order.instrument || p.side !== order.side) {
    recordAnomaly(config, state, 'fillMismatch', e, `fill ${p.fillId} is a ${p.side} of ${p.instrument}, order ${order.clientOrderId} a ${order.side} of ${order.instrument}`, order.clientOrderId);
  }
  order.fillIds.push(p.fillId);
  order.filledQty += p.qty;
  order.updatedTs = e.ts;
  if (!(order.lastFillTs >= e.ts)) order.lastFillTs = e.ts;

  const book = bookFor(config, state, order.strategyId);
  const slot = slotFor(book, p.instrument);
  const signed = sign(p.side) * p.qty;
  slot.position = withoutDust(slot.position + signed);
  book.cash -= signed * p.price + p.fee;
  if (e.ts > book.lastFillTs) book.lastFillTs = e.ts;

  if (isTerminal(order.status)) {
    const kind: AnomalyKind = order.status === 'filled' ? 'fillAfterFilled' : order.status === 'cancelled' ? 'fillAfterCancelled' : 'fillAfterRejected';
    recordAnomaly(config, state, kind, e, `fill ${p.fillId} of ${p.qty} for order ${order.clientOrderId} after it was ${order.status}: position and cash updated`, order.clientOrderId);
    return;
  }

  const orderSlot = slotFor(book, order.instrument);
  const direction = sign(order.side);
  if (Number.isNaN(order.remainingQty)) {
    // The first fill of a quote-sized buy tells its size in units.
    orderSlot.workingQuote -= order.remainingQuote;
    order.remainingQuote = 0;
  } else {
    if (Math.abs(order.remainingQty - p.qty - p.remainingQty) > REMAINING_TOLERANCE) {
      recordAnomaly(
        config,
        state,
        'remainingMismatch',
        e,
        `order ${order.clientOrderId} had ${order.remainingQty} open, filled ${p.qty}, venue says ${p.remainingQty} remain: trusting the venue`,
        order.clientOrderId,
      );
    }
    orderSlot.workingUnits -= direction * order.remainingQty;
  }
  order.remainingQty = p.remainingQty;
  orderSlot.workingUnits += direction * p.remainingQty;
  if (p.remainingQty === 0) finish(config, state, book, order, 'filled');
  else order.status = 'partiallyFilled';
}

/** Cancel and reject both end the order and free what it still had open. */
export function close(config: OrdersConfig, state: OrdersState, e: HeliosEvent<'order.cancel' | 'order.reject'>, status: 'cancelled' | 'rejected'): void {
  const order = known(config, state, e, e.payload.clientOrderId, e.type === 'order.cancel' ? 'cancel' : 'reject');
  if (!order) return;
  if (isTerminal(order.status)) {
    recordAnomaly(config, state, 'invalidTransition', e, `${e.type} for order ${order.clientOrderId} after it was ${order.status}`, order.clientOrderId);
    return;
  }
  const book = bookFor(config, state, order.strategyId);
  const slot = slotFor(book, order.instrument);
  if (!Number.isNaN(order.remainingQty)) slot.workingUnits -= sign(order.side) * order.remainingQty;
  slot.workingQuote -= order.remainingQuote;
  order.remainingQuote = 0;
  order.updatedTs = e.ts;
  finish(config, state, book, order, status);
}

function finish(config: OrdersConfig, state: OrdersState, book: StrategyBook, order: OrderRecord, status: OrderStatus): void {
  order.status = status;
  const slot = slotFor(book, order.instrument);
  slot.workingOrders--;
  book.workingOrders--;
  // Sums of working quantities leave float dust; with nothing working they are exactly zero.
  if (slot.workingOrders === 0) {
    slot.workingUnits = 0;
    slot.workingQuote = 0;
  }
  state.working.delete(order.clientOrderId);
  state.terminal.push(order.clientOrderId);
  pruneTerminal(config, state);
}

/** Keeps the most recent finished orders (to recognise late fills); older ones are forgotten. */
function pruneTerminal(config: OrdersConfig, state: OrdersState): void {
  while (state.terminal.length - state.terminalHead > config.retainTerminalOrders) {
    state.orders.delete(state.terminal[state.terminalHead]);
    state.terminalHead++;
  }
  if (state.terminalHead > 1024 && state.terminalHead * 2 > state.terminal.length) {
    state.terminal.splice(0, state.terminalHead);
    state.terminalHead = 0;
  }
}

function known(config: OrdersConfig, state: OrdersState, e: HeliosEvent, clientOrderId: string, what: string): OrderRecord | undefined {
  const order = state.orders.get(clientOrderId);
  if (!order) recordAnomaly(config, state, 'unknownOrder', e, `${what} for unknown order ${clientOrderId}`, clientOrderId);
  return order;
}

function sign(side: 'buy' | 'sell'): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}
