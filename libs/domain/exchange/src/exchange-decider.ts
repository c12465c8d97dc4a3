import type { CandlePayload, HeliosEvent } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { admitOrder } from './admission';
import { resolveExchangeConfig, type ExchangeConfig, type ExchangeSettings } from './exchange-config';
import { emptyExchangeState, type ExchangeInput, type ExchangeOutput, type ExchangeState, type InstrumentBook } from './exchange-state';
import { executeOrders, type Print } from './execution';
import { lotsIn } from './lot-grid';
import { orderKey, type WorkingOrder } from './working-order';

/**
 * The exchange simulator (paper venue) as a decider.
 *
 * - `order.new` -> `order.ack` (exchangeOrderId derived from the order event id) or `order.reject`
 *   with the reason; both derived from the order.
 * - closed `md.candle` (fillOn `bar-open`) / `md.tick` (fillOn `tick`) -> `order.fill` and
 *   `order.cancel`, derived from the market event, for orders eligible at the bar's open time /
 *   the tick's event time. Candles also give the last price used to check market orders on arrival.
 *
 * Cancelling on request is not supported: the contracts have no cancel-request event yet.
 * State is mutated in place by `evolve` (see `ExchangeState`).
 */
export function createExchangeDecider(config: ExchangeConfig = {}): Decider<ExchangeState, ExchangeInput, ExchangeOutput> {
  const settings = resolveExchangeConfig(config);
  return {
    name: 'exchange',
    initialState: emptyExchangeState,
    decide: (state, input) => decide(settings, state, input),
    evolve: (state, event) => evolve(settings, state, event),
  };
}

// Most inputs (every candle without working orders) produce nothing; one frozen array spares an allocation per bar.
const NOTHING: ExchangeOutput[] = Object.freeze([]) as unknown as ExchangeOutput[];

function decide(settings: ExchangeSettings, state: ExchangeState, input: ExchangeInput): ExchangeOutput[] {
  switch (input.type) {
    case 'md.candle': {
      const c = input.payload;
      if (settings.fillOn !== 'bar-open' || !usableCandle(settings, c)) return NOTHING;
      const book = state.books.get(c.symbol);
      if (book === undefined || book.orders.length === 0) return NOTHING;
      return executeOrders(settings, book, barPrint(settings, c), input);
    }
    case 'md.tick': {
      if (settings.fillOn !== 'tick') return NOTHING;
      const t = input.payload;
      const book = state.books.get(t.symbol);
      if (book === undefined || book.orders.length === 0) return NOTHING;
      const print: Print = { time: input.ts, open: t.price, low: t.price, high: t.price, gapFills: false, volume: t.size, unit: 'tick' };
      return executeOrders(settings, book, print, input);
    }
    case 'order.new': {
      const p = input.payload;
      const admission = admitOrder(settings, input, state.books.get(p.instrument)?.lastPrice ?? 0, state);
      state.admitted = { event: input, admission };
      if (admission.order === undefined) {
        return [derive(input, 'order.reject', 0, settings.src, { account: p.account, clientOrderId: p.clientOrderId, reason: admission.reason })];
      }
      const ack = { account: p.account, clientOrderId: p.clientOrderId, exchangeOrderId: admission.order.exchangeOrderId };
      return [derive(input, 'order.ack', 0, settings.src, ack)];
    }
    default:
      return NOTHING;
  }
}

function usableCandle(settings: ExchangeSettings, c: CandlePayload): boolean {
  return c.closed && (settings.timeframe === undefined || c.tf === settings.timeframe);
}

/**
 * Candle volume in base units. Quote volume is divided by the bar's typical price (h + l + c) / 3,
 * the usual stand-in for its VWAP, which a bar does not carry.
 */
function barPrint(settings: ExchangeSettings, c: CandlePayload): Print {
  const volume = settings.volumeUnit === 'base' ? c.volume : c.volume / ((c.high + c.low + c.close) / 3);
  return { time: c.openTime, open: c.open, low: c.low, high: c.high, gapFills: true, volume, unit: 'bar' };
}

function bookFor(settings: ExchangeSettings, state: ExchangeState, instrument: string): InstrumentBook | undefined {
  let book = state.books.get(instrument);
  if (book === undefined) {
    const rules = settings.rulesFor(instrument);
    if (rules === undefined) return undefined;
    book = { instrument, rules, lastPrice: 0, orders: [] };
    state.books.set(instrument, book);
  }
  return book;
}

function finish(state: ExchangeState, order: WorkingOrder): void {
  state.working.delete(order.key);
  const book = state.books.get(order.instrument);
  if (book === undefined) return;
  // In place: a fill finishes most orders, and filtering would allocate a new array (and a closure) each time.
  const at = book.orders.indexOf(order);
  if (at >= 0) book.orders.splice(at, 1);
}

function evolve(settings: ExchangeSettings, state: ExchangeState, event: ExchangeInput | ExchangeOutput | HeliosEvent): ExchangeState {
  const admitted = state.admitted;
  if (admitted !== undefined) state.admitted = undefined;
  switch (event.type) {
    case 'md.candle': {
      const c = event.payload;
      if (usableCandle(settings, c)) {
        const book = bookFor(settings, state, c.symbol);
        if (book !== undefined) book.lastPrice = c.close;
      }
      return state;
    }
    case 'md.tick': {
      const book = bookFor(settings, state, event.payload.symbol);
      if (book !== undefined) book.lastPrice = event.payload.price;
      return state;
    }
    case 'order.new': {
      // The answer decide gave, when it was for this event: nothing changed in between. Otherwise
      // (folding history) the admission is worked out here.
      const p = event.payload;
      const admission = admitted?.event === event ? admitted.admission : admitOrder(settings, event, state.books.get(p.instrument)?.lastPrice ?? 0, state);
      if (admission.order !== undefined) state.pending.set(admission.order.key, admission.order);
      return state;
    }
    case 'order.ack': {
      const key = orderKey(event.payload.account, event.payload.clientOrderId);
      const order = state.pending.get(key);
      const book = order && bookFor(settings, state, order.instrument);
      if (order === undefined || book === undefined) return state;
      state.pending.delete(key);
      order.exchangeOrderId = event.payload.exchangeOrderId;
      state.working.set(key, order);
      book.orders.push(order);
      return state;
    }
    case 'order.reject':
      state.pending.delete(orderKey(event.payload.account, event.payload.clientOrderId));
      return state;
    case 'order.fill': {
      const f = event.payload;
      const order = state.working.get(orderKey(f.account, f.clientOrderId));
      if (order === undefined) return state;
      const lots = lotsIn(order.rules.grid, f.qty);
      order.filledLots += lots;
      order.fills += 1;
      if (order.byQuote) order.remainingQuote -= f.side === 'buy' ? f.qty * f.price + f.fee : f.qty * f.price;
      else order.remainingLots -= lots;
      if (f.remainingQty === 0) finish(state, order);
      return state;
    }
    case 'order.cancel': {
      const order = state.working.get(orderKey(event.payload.account, event.payload.clientOrderId));
      if (order !== undefined) finish(state, order);
      return state;
    }
    default:
      return state;
  }
}
