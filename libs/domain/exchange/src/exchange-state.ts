import type { HeliosEvent } from '@helios/contracts';
import type { Admission } from './admission';
import type { ResolvedInstrument } from './exchange-config';
import type { WorkingOrder } from './working-order';

export type ExchangeInput = HeliosEvent<'order.new' | 'md.candle' | 'md.tick'>;
export type ExchangeOutput = HeliosEvent<'order.ack' | 'order.reject' | 'order.fill' | 'order.cancel'>;

/** Everything the venue knows about one instrument. */
export interface InstrumentBook {
  readonly instrument: string;
  readonly rules: ResolvedInstrument;
  /** Last close or trade price seen; 0 before the first one. */
  lastPrice: number;
  /** Working orders in arrival order, which is the order they fill in. */
  orders: WorkingOrder[];
}

/**
 * Venue state. It is mutable for speed (a backtest evolves it once per bar): `evolve` updates it in
 * place and returns the same object, and `decide` only reads it.
 */
export interface ExchangeState {
  readonly books: Map<string, InstrumentBook>;
  /** Accepted orders by `account/clientOrderId`. */
  readonly working: Map<string, WorkingOrder>;
  /** Orders admitted by `evolve(order.new)` and waiting for their `order.ack`. */
  readonly pending: Map<string, WorkingOrder>;
  /**
   * Not venue state: the admission `decide` worked out for an `order.new`, for the `evolve` with the
   * same event that follows it (admitting costs an id hash and an order object). Any other `evolve`
   * clears it, so it is used only when nothing changed in between.
   */
  admitted?: { readonly event: HeliosEvent<'order.new'>; readonly admission: Admission } | undefined;
}

export const emptyExchangeState = (): ExchangeState => ({ books: new Map(), working: new Map(), pending: new Map(), admitted: undefined });

/** A read-only view of a working order, for drivers, tests and status pages. */
export interface WorkingOrderView {
  readonly account: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly instrument: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly eligibleAt: number;
  readonly filledLots: number;
  /** Lots left (orders sized in units) or quote left (orders sized in quote currency). */
  readonly remaining: { readonly lots: number } | { readonly quote: number };
}

export function workingOrders(state: ExchangeState): WorkingOrderView[] {
  return [...state.working.values()].map((o) => ({
    account: o.account,
    clientOrderId: o.clientOrderId,
    exchangeOrderId: o.exchangeOrderId,
    instrument: o.instrument,
    side: o.side,
    type: o.type,
    eligibleAt: o.eligibleAt,
    filledLots: o.filledLots,
    remaining: o.byQuote ? { quote: o.remainingQuote } : { lots: o.remainingLots },
  }));
}
