import { emptyExchangeState, resolveExchangeConfig, type ExchangeConfig, type ExchangeState, type WorkingOrder } from '@helios/domain-exchange';

type StoredOrder = Omit<WorkingOrder, 'rules' | 'limitPrice' | 'remainingQuote'> & { limitPrice: number | null; remainingQuote: number | null };

interface ExchangeSnapshot {
  books: Array<{ instrument: string; lastPrice: number; orders: string[] }>;
  working: StoredOrder[];
  pending: StoredOrder[];
}

/** NaN (market orders have no limit; unit-sized orders no quote amount) does not survive JSON: null stands for it. */
const toStored = ({ rules: _rules, ...o }: WorkingOrder): StoredOrder => ({
  ...o,
  limitPrice: Number.isNaN(o.limitPrice) ? null : o.limitPrice,
  remainingQuote: Number.isNaN(o.remainingQuote) ? null : o.remainingQuote,
});

/** The venue state as JSON: books list their working orders by key, so shared orders stay shared on restore. */
export function exchangeToSnapshot(state: ExchangeState): ExchangeSnapshot {
  return {
    books: [...state.books.values()].map((b) => ({ instrument: b.instrument, lastPrice: b.lastPrice, orders: b.orders.map((o) => o.key) })),
    working: [...state.working.values()].map(toStored),
    pending: [...state.pending.values()].map(toStored),
  };
}

/**
 * Rebuilds the venue state. Instrument rules are not stored: they come from the configuration, as
 * they do for a new order, so a snapshot taken under other rules takes on the current ones.
 */
export function exchangeFromSnapshot(config: ExchangeConfig, json: unknown): ExchangeState {
  const snap = json as Partial<ExchangeSnapshot>;
  if (snap === null || typeof snap !== 'object' || !Array.isArray(snap.books) || !Array.isArray(snap.working) || !Array.isArray(snap.pending)) {
    throw new Error('exchange snapshot: expected { books, working, pending } arrays');
  }
  const settings = resolveExchangeConfig(config);
  const revive = (o: StoredOrder): WorkingOrder => {
    const rules = settings.rulesFor(o.instrument);
    if (rules === undefined) throw new Error(`exchange snapshot: order ${o.key} is for ${o.instrument}, which the configuration has no rules for`);
    return { ...o, limitPrice: o.limitPrice ?? NaN, remainingQuote: o.remainingQuote ?? NaN, rules };
  };
  const state = emptyExchangeState();
  for (const o of snap.working) state.working.set(o.key, revive(o));
  for (const o of snap.pending) state.pending.set(o.key, revive(o));
  for (const b of snap.books) {
    const rules = settings.rulesFor(b.instrument);
    if (rules === undefined) throw new Error(`exchange snapshot: the configuration has no rules for ${b.instrument}`);
    const orders = b.orders.map((key) => {
      const order = state.working.get(key);
      if (order === undefined) throw new Error(`exchange snapshot: book ${b.instrument} lists ${key}, which is not a working order`);
      return order;
    });
    state.books.set(b.instrument, { instrument: b.instrument, rules, lastPrice: b.lastPrice, orders });
  }
  return state;
}
