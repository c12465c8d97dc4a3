import type { HeliosEvent } from '@helios/contracts';
import { recordApproval } from './approval-window';
import { mustHold, takeReleased, type Intent } from './intent-hold';
import type { RiskConfig } from './risk-config';
import { observeEquity } from './equity-peaks';
import { atLiquidationLevel, isLiquidationTarget } from './liquidation';
import { addUnits, bookFor, type OrderOwner, type RiskState } from './risk-state';

/**
 * The decider's `evolve` for `config`, made here next to `evolveRisk` because it runs for every event
 * (every bar): a call within one module is direct, while a call of another module's export goes
 * through a getter under the CommonJS interop tsx generates (~10 ns a call).
 */
export function riskEvolver(config: RiskConfig): (state: RiskState, e: HeliosEvent) => RiskState {
  return (state, e) => {
    evolveRisk(config, state, e);
    return state;
  };
}

// Nearly every event releases nothing; one frozen array spares an allocation per bar.
const NONE: Intent[] = Object.freeze([]) as unknown as Intent[];

/**
 * Folds one event (input or own output) into the state, in place, and returns the held intents it
 * releases, in arrival order: `decide` decides them (on a fork), `evolve` drops them, their
 * decisions arrive as outputs. Unknown types are ignored.
 */
export function evolveRisk(config: RiskConfig, state: RiskState, e: HeliosEvent): Intent[] {
  switch (e.type) {
    case 'md.candle':
      updateMark(state, e.payload.symbol, e.payload.close, e.ts);
      return state.held.length === 0 ? NONE : takeReleased(config, state, e);
    case 'md.tick':
      updateMark(state, e.payload.symbol, e.payload.price, e.ts);
      return state.held.length === 0 ? NONE : takeReleased(config, state, e);
    case 'strategy.intent':
      if (mustHold(state, e)) state.held.push(e);
      return NONE;
    case 'order.new':
      if (e.payload.strategyId !== undefined) {
        state.orderOwners.set(e.payload.clientOrderId, { strategyId: e.payload.strategyId, instrument: e.payload.instrument });
      }
      return NONE;
    case 'order.fill': {
      const p = e.payload;
      const signed = p.side === 'buy' ? p.qty : -p.qty;
      const owner = state.orderOwners.get(p.clientOrderId);
      if (owner === undefined) {
        addUnits(state.unattributed, p.instrument, signed);
      } else {
        const book = bookFor(config, state, owner.strategyId);
        addUnits(book.positions, p.instrument, signed);
        // Flat: that instrument's liquidation episode is over.
        if (book.liquidations.size > 0 && book.positions.get(p.instrument) === 0) book.liquidations.delete(p.instrument);
      }
      state.exposed.add(p.instrument);
      if (p.remainingQty === 0) state.orderOwners.delete(p.clientOrderId);
      return NONE;
    }
    case 'order.cancel':
    case 'order.reject': {
      const owner = state.orderOwners.get(e.payload.clientOrderId);
      if (owner !== undefined) {
        state.orderOwners.delete(e.payload.clientOrderId);
        forgetUnmetFlattening(state, owner);
      }
      return NONE;
    }
    case 'pnl.update': {
      const book = bookFor(config, state, e.payload.strategyId);
      observeEquity(book, e.payload.equity, e.ts);
      if (book.liquidations.size > 0 && !atLiquidationLevel(config, state, book, e.ts)) book.liquidations.clear();
      return NONE;
    }
    case 'pnl.global':
      observeEquity(state.portfolio, e.payload.equity, e.ts);
      for (const book of state.books.values()) {
        if (book.liquidations.size > 0 && !atLiquidationLevel(config, state, book, e.ts)) book.liquidations.clear();
      }
      return NONE;
    case 'risk.halt':
      state.halt.halted = e.payload.halted;
      state.halt.reason = e.payload.reason;
      state.halt.by = e.payload.by;
      return state.held.length === 0 ? NONE : takeReleased(config, state, e);
    case 'risk.approved':
      recordApprovedTargets(config, state, e);
      return NONE;
    default:
      return NONE;
  }
}

/**
 * An order that ended without filling everything (refused, cancelled): if it was to flatten (the
 * approved target is 0) and a position remains, that target did not happen. Dropping it makes the
 * position count again, in the netting and for a liquidation still under way, which then tries
 * again (`liquidation.ts`, bounded per episode).
 */
function forgetUnmetFlattening(state: RiskState, owner: OrderOwner): void {
  const book = state.books.get(owner.strategyId);
  if (book !== undefined && book.targets.get(owner.instrument) === 0 && (book.positions.get(owner.instrument) ?? 0) !== 0) {
    book.targets.delete(owner.instrument);
  }
}

/** A price older than the mark is late news: it neither replaces the mark nor feeds the collar. */
function updateMark(state: RiskState, instrument: string, price: number, ts: number): void {
  const mark = state.marks.get(instrument);
  if (!mark) {
    state.marks.set(instrument, { price, previous: NaN, ts });
  } else if (ts >= mark.ts) {
    mark.previous = mark.price;
    mark.price = price;
    mark.ts = ts;
  }
}

/**
 * Counts the approval against the order rate and remembers each target in units for netting. A
 * weight is converted at the equity and mark the decision used (the state has not moved since).
 */
function recordApprovedTargets(config: RiskConfig, state: RiskState, e: HeliosEvent<'risk.approved'>): void {
  const book = bookFor(config, state, e.payload.strategyId);
  recordApproval(book.approvals, e.ts);
  for (const t of e.payload.targets) {
    let units = t.qty;
    if (units === undefined) {
      const price = state.marks.get(t.instrument)?.price ?? NaN;
      units = t.weight === 0 ? 0 : ((t.weight as number) * book.equity) / price;
    }
    if (Number.isFinite(units)) {
      book.targets.set(t.instrument, units);
      state.exposed.add(t.instrument);
    }
    if (isLiquidationTarget(t)) book.liquidations.set(t.instrument, (book.liquidations.get(t.instrument) ?? 0) + 1);
  }
}
