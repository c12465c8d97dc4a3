import type { Target } from '@helios/contracts';
import { floorToLot, LOT_EPSILON, type Lot } from './lot';
import type { OrderSide, PositionSlot } from './orders-state';

export type OrderSpec = { readonly side: OrderSide; readonly qty: number } | { readonly side: 'buy'; readonly quoteQty: number };

export type Sizing = { readonly ok: true; readonly orders: readonly OrderSpec[] } | { readonly ok: false; readonly why: string };

const NONE: Sizing = { ok: true, orders: [] };
const hasSize = (o: OrderSpec): boolean => ('qty' in o ? o.qty > 0 : o.quoteQty > 0);
const ok = (...orders: OrderSpec[]): Sizing => ({ ok: true, orders: orders.filter(hasSize) });

/**
 * Orders that move a strategy from position + working orders to an approved target (ADR 0005):
 * - flat (0): the exact units held and working, opposite side;
 * - units (`qty`): the difference, rounded down to the lot; a reversal closes the exact position and
 *   opens the rounded rest in the same order;
 * - weight > 0 above the current value: a market buy of `quoteQty = weight x equity - value` of
 *   position and working orders at the mark; short of one lot's worth, nothing;
 * - weight > 0 below the current value: sell the difference in units, rounded down to the lot;
 * - weight > 0 while short: buy back the exact short, then a quote-sized buy of weight x equity;
 * - weight < 0: units at the mark, rounded down to the lot (the reversal rule as for units).
 * A working quote-sized buy counts as quoteQty / mark units until its first fill tells its size.
 */
export function sizeTarget(t: Target, slot: Readonly<PositionSlot>, mark: number, equity: number, lot: Lot): Sizing {
  const quoteWorking = slot.workingQuote > 0;
  if (quoteWorking && !(mark > 0)) return { ok: false, why: `a working quote-sized buy of ${t.instrument} cannot be counted without a mark` };
  const current = slot.position + slot.workingUnits + (quoteWorking ? slot.workingQuote / mark : 0);

  if (t.qty === 0 || t.weight === 0) {
    if (current === 0) return NONE;
    return current > 0 ? ok({ side: 'sell', qty: exact(current, quoteWorking, lot) }) : ok({ side: 'buy', qty: exact(-current, quoteWorking, lot) });
  }
  if (t.qty !== undefined) return opening(current, t.qty, lot, t.instrument) ?? towardUnits(t.qty, current, quoteWorking, lot);

  const weight = t.weight as number;
  if (!(mark > 0)) return { ok: false, why: `weight target for ${t.instrument} needs a mark` };
  if (!(equity > 0)) return { ok: false, why: `weight target for ${t.instrument} needs a positive strategy equity, have ${equity}` };
  const desiredValue = weight * equity;
  if (weight < 0) return opening(current, desiredValue / mark, lot, t.instrument) ?? towardUnits(desiredValue / mark, current, quoteWorking, lot);
  if (current < 0) return ok({ side: 'buy', qty: exact(-current, quoteWorking, lot) }, ...quoteBuy(desiredValue, mark, lot));
  const currentValue = current * mark;
  if (desiredValue > currentValue) {
    const buys = quoteBuy(desiredValue - currentValue, mark, lot);
    if (buys.length === 0 && current === 0) {
      return { ok: false, why: `${desiredValue} of quote currency buys less than one lot (${lot.size}) of ${t.instrument} at ${mark}` };
    }
    return ok(...buys);
  }
  return ok({ side: 'sell', qty: floorToLot(current - desiredValue / mark, lot) });
}

/**
 * Opening from flat to a target smaller than one lot sends nothing, like a rebalancing remainder,
 * but unlike a remainder it means the strategy cannot trade at all at this size: say so.
 */
function opening(current: number, desired: number, lot: Lot, instrument: string): Sizing | undefined {
  if (current !== 0 || desired === 0 || floorToLot(Math.abs(desired), lot) > 0) return undefined;
  return { ok: false, why: `target ${desired} of ${instrument} is less than one lot (${lot.size})` };
}

/** Exact units are known unless an unsized quote buy is part of them; an estimate goes to whole lots. */
function exact(units: number, quoteWorking: boolean, lot: Lot): number {
  return quoteWorking ? floorToLot(units, lot) : units;
}

function towardUnits(desired: number, current: number, quoteWorking: boolean, lot: Lot): Sizing {
  if (current > 0 && desired < 0) return ok({ side: 'sell', qty: exact(current, quoteWorking, lot) + floorToLot(-desired, lot) });
  if (current < 0 && desired > 0) return ok({ side: 'buy', qty: exact(-current, quoteWorking, lot) + floorToLot(desired, lot) });
  const diff = desired - current;
  return diff > 0 ? ok({ side: 'buy', qty: floorToLot(diff, lot) }) : ok({ side: 'sell', qty: floorToLot(-diff, lot) });
}

/**
 * A quote amount worth less than one lot at the mark would round to nothing at the venue. One lot up
 * to binary rounding (0.051 x 10 000 - 500 = 9.99999999999994 for a 10 lot) is one lot.
 */
function quoteBuy(amount: number, mark: number, lot: Lot): OrderSpec[] {
  return amount / (lot.size * mark) + LOT_EPSILON >= 1 ? [{ side: 'buy', quoteQty: amount }] : [];
}
