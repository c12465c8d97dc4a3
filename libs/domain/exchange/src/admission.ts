import { derivedId, type HeliosEvent } from '@helios/contracts';
import type { ExchangeSettings, ResolvedInstrument } from './exchange-config';
import type { ExchangeState } from './exchange-state';
import { lotsIn, lotsToQty } from './lot-grid';
import { newWorkingOrder, takerPrice, unitCost, type WorkingOrder } from './working-order';

export type Admission = { readonly order: WorkingOrder; readonly reason?: undefined } | { readonly order?: undefined; readonly reason: string };

/**
 * Why `lots` lots at `price` cannot trade (zero lots, or below the minimum notional), or undefined.
 * `what` says where the size came from, for the reason text.
 */
export function sizeProblem(rules: ResolvedInstrument, lots: number, price: number, what: string): string | undefined {
  if (lots === 0) return `${what} buys 0 lots of ${rules.grid.size}`;
  const qty = lotsToQty(rules.grid, lots);
  const notional = qty * price;
  if (notional < rules.minNotional) return `${what}: notional ${notional} of qty ${qty} is below the minimum notional ${rules.minNotional}`;
  return undefined;
}

/**
 * Checks an `order.new` at arrival. Everything knowable now is checked now: the instrument, lot
 * rounding, the notional of limit orders, and for market orders the notional at the last price seen
 * (when there is one). Market orders are checked again at execution, when the real price is known.
 * An order id still working is refused rather than replaced, so a re-sent order cannot double.
 */
export function admitOrder(
  settings: ExchangeSettings,
  event: HeliosEvent<'order.new'>,
  lastPrice: number,
  state: ExchangeState,
): Admission {
  const p = event.payload;
  const rules = settings.rulesFor(p.instrument);
  if (rules === undefined) return { reason: `instrument ${p.instrument} is not traded here: no lot size is configured for it` };
  const eligibleAt = event.ts + settings.latencyMs;
  const exchangeOrderId = derivedId(event.id, 'exchange.order', 0);
  let lots = 0;
  let problem: string | undefined;
  if (p.quoteQty !== undefined) {
    if (p.quoteQty < rules.minNotional) {
      problem = `quoteQty ${p.quoteQty} is below the minimum notional ${rules.minNotional}`;
    } else if (lastPrice > 0) {
      const price = takerPrice(p.side, lastPrice, settings.slippage);
      problem = sizeProblem(rules, lotsIn(rules.grid, p.quoteQty / unitCost(p.side, price, settings.takerFee)), price, `quoteQty ${p.quoteQty} at the last price ${price}`);
    }
  } else {
    lots = lotsIn(rules.grid, p.qty);
    if (lots === 0) problem = `qty ${p.qty} rounds to 0 lots of ${rules.grid.size}`;
    else if (p.type === 'limit') problem = sizeProblem(rules, lots, p.limitPrice, `qty ${p.qty} at limit ${p.limitPrice}`);
    else if (lastPrice > 0) problem = sizeProblem(rules, lots, takerPrice(p.side, lastPrice, settings.slippage), `qty ${p.qty} at the last price`);
  }
  if (problem !== undefined) return { reason: problem };
  const order = newWorkingOrder(p, rules, lots, eligibleAt, exchangeOrderId);
  if (state.working.has(order.key) || state.pending.has(order.key)) return { reason: `duplicate clientOrderId ${p.clientOrderId}: an order with this id is still working` };
  return { order };
}
