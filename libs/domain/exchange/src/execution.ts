import type { HeliosEvent, OrderFillPayload } from '@helios/contracts';
import { derive } from '@helios/domain-core';
import { sizeProblem } from './admission';
import type { ExchangeSettings } from './exchange-config';
import type { ExchangeOutput, InstrumentBook } from './exchange-state';
import { lotsIn, lotsToQty } from './lot-grid';
import { takerPrice, unitCost, type WorkingOrder } from './working-order';

/** What one bar or one trade print offers to the working orders of an instrument. */
export interface Print {
  /** Bar open time, or the tick's event time: orders eligible at or before it may fill. */
  readonly time: number;
  /** Reference price of market orders (bar open or trade price). */
  readonly open: number;
  readonly low: number;
  readonly high: number;
  /**
   * Bars: a limit order the bar opens through fills at the open (the price was there first).
   * Ticks: a resting limit order fills at its limit when a trade prints at or through it.
   */
  readonly gapFills: boolean;
  /** Volume of the print in base units. */
  readonly volume: number;
  /** `bar` or `tick`, for reasons. */
  readonly unit: string;
}

/** NaN when the print does not reach the limit. */
function limitFillPrice(o: WorkingOrder, print: Print): number {
  const limit = o.limitPrice;
  if (o.side === 'buy') {
    if (print.gapFills && print.open <= limit) return print.open;
    return print.low <= limit ? limit : NaN;
  }
  if (print.gapFills && print.open >= limit) return print.open;
  return print.high >= limit ? limit : NaN;
}

function cancelOf(settings: ExchangeSettings, cause: HeliosEvent, index: number, o: WorkingOrder, reason: string): ExchangeOutput {
  return derive(cause, 'order.cancel', index, settings.src, { account: o.account, clientOrderId: o.clientOrderId, reason });
}

/**
 * Matches the eligible working orders of `book` against one print, in arrival order, sharing the
 * print's volume allowance (`maxVolumeShare` of its volume, whole lots) among them. Emits fills and
 * the cancels of orders that cannot (or, for IOC/FOK, can no longer) trade. Reads state only.
 *
 * Market orders are checked against lot size and minimum notional again at their first execution,
 * at the real price: an order that fails is cancelled with the reason (it was already acknowledged,
 * so this is the venue cancelling it, not a reject).
 */
export function executeOrders(settings: ExchangeSettings, book: InstrumentBook, print: Print, cause: HeliosEvent): ExchangeOutput[] {
  const out: ExchangeOutput[] = [];
  const grid = book.rules.grid;
  let allowance = settings.maxVolumeShare === Infinity ? Infinity : lotsIn(grid, settings.maxVolumeShare * print.volume);
  let fillIndex = 0;
  let cancelIndex = 0;
  for (const o of book.orders) {
    if (o.eligibleAt > print.time) continue;
    const isLimit = o.type === 'limit';
    const price = isLimit ? limitFillPrice(o, print) : takerPrice(o.side, print.open, settings.slippage);
    if (Number.isNaN(price)) {
      if (o.timeInForce !== 'GTC') out.push(cancelOf(settings, cause, cancelIndex++, o, `${o.timeInForce}: limit ${o.limitPrice} not reached on the first eligible ${print.unit}`));
      continue;
    }
    let wanted: number;
    if (o.byQuote) {
      wanted = lotsIn(grid, o.remainingQuote / unitCost(o.side, price, settings.takerFee));
      const problem =
        o.filledLots === 0
          ? sizeProblem(book.rules, wanted, price, `quoteQty ${o.remainingQuote} at ${price}`)
          : wanted === 0
            ? `remaining quote ${o.remainingQuote} buys 0 lots of ${grid.size} at ${price}`
            : undefined;
      if (problem !== undefined) {
        out.push(cancelOf(settings, cause, cancelIndex++, o, problem));
        continue;
      }
    } else {
      wanted = o.remainingLots;
      const problem = o.filledLots === 0 && !isLimit ? sizeProblem(book.rules, wanted, price, `qty ${lotsToQty(grid, wanted)} at ${price}`) : undefined;
      if (problem !== undefined) {
        out.push(cancelOf(settings, cause, cancelIndex++, o, problem));
        continue;
      }
    }
    const lots = Math.min(wanted, allowance);
    if (o.timeInForce === 'FOK' && lots < wanted) {
      out.push(cancelOf(settings, cause, cancelIndex++, o, `FOK: only ${lotsToQty(grid, lots)} of ${lotsToQty(grid, wanted)} could fill on the first eligible ${print.unit}`));
      continue;
    }
    if (lots > 0) {
      allowance -= lots;
      const qty = lotsToQty(grid, lots);
      const fee = qty * price * (isLimit ? settings.makerFee : settings.takerFee);
      const payload: OrderFillPayload = {
        account: o.account,
        clientOrderId: o.clientOrderId,
        fillId: `${o.exchangeOrderId}-${o.fills + 1}`,
        instrument: o.instrument,
        side: o.side,
        qty,
        price,
        fee,
        ...(book.rules.feeCurrency === undefined ? {} : { feeCurrency: book.rules.feeCurrency }),
        liquidity: isLimit ? 'maker' : 'taker',
        remainingQty: lotsToQty(grid, wanted - lots),
        ...(o.strategyId === undefined ? {} : { strategyId: o.strategyId }),
      };
      out.push(derive(cause, 'order.fill', fillIndex++, settings.src, payload));
    }
    if (o.timeInForce === 'IOC' && lots < wanted) {
      out.push(cancelOf(settings, cause, cancelIndex++, o, `IOC: ${lotsToQty(grid, wanted - lots)} unfilled on the first eligible ${print.unit}`));
    }
  }
  return out;
}
