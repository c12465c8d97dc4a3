import type { HeliosEvent } from '@helios/contracts';

type OrderNew = HeliosEvent<'order.new'>;
type OrderFill = HeliosEvent<'order.fill'>;

/** Inputs that should have caused an output but did not, by kind (docs/adr: the chaos drill). */
export interface LostBreakdown {
  /** Released bars without their md.candle in MD. */
  candles: number;
  /** Intents of the reference run (one strategy evaluation that changed a target) missing from the log. */
  strategyEvaluations: number;
  /** strategy.intent without a risk.approved / risk.rejected caused by it. */
  intentsWithoutDecision: number;
  /** risk.approved for which the reference sent orders and the log has none. */
  approvalsWithoutOrder: number;
  /** order.new without order.ack / order.reject. */
  ordersWithoutAnswer: number;
  /** Acknowledged orders not filled in full nor cancelled although a bar opened after them. */
  ordersNotTerminal: number;
  /** order.fill without the portfolio's pnl.update. */
  fillsWithoutPnl: number;
}

export interface ChaosAnalysis {
  ordersSent: number;
  duplicateOrders: number;
  /** Event ids stored more than once in one stream. */
  duplicateEvents: number;
  lost: LostBreakdown;
  lostEvents: number;
  fills: number;
  /** Every order's fills (quantity, price, fee) equal the reference run's for that client order id. */
  fillsMatchReference: boolean;
}

const causesOf = (events: readonly HeliosEvent[], types: readonly string[]) => new Set(events.filter((e) => types.includes(e.type)).map((e) => e.cause));
const fillKey = (f: OrderFill) => `${f.payload.qty}@${f.payload.price}+${f.payload.fee}`;

function fillsByOrder(events: readonly HeliosEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    if (e.type !== 'order.fill') continue;
    const f = e as OrderFill;
    const list = out.get(f.payload.clientOrderId) ?? [];
    list.push(fillKey(f));
    out.set(f.payload.clientOrderId, list);
  }
  return out;
}

/**
 * What the drill reports, from the run's stored events (each stream in stream order), the open
 * times of the bars it released, and the reference run's events.
 */
export function analyseRun(log: readonly { stream: string; event: HeliosEvent }[], releasedOpenTimes: readonly number[], reference: readonly HeliosEvent[]): ChaosAnalysis {
  const events = log.map((l) => l.event);
  let duplicateEvents = 0;
  const seen = new Set<string>();
  for (const { stream, event } of log) {
    const k = `${stream}/${event.id}`;
    if (seen.has(k)) duplicateEvents++;
    seen.add(k);
  }

  const orders = events.filter((e): e is OrderNew => e.type === 'order.new');
  const perClientId = new Map<string, number>();
  for (const o of orders) perClientId.set(o.payload.clientOrderId, (perClientId.get(o.payload.clientOrderId) ?? 0) + 1);
  const duplicateOrders = [...perClientId.values()].filter((n) => n > 1).length;

  const candleTimes = new Set(events.filter((e) => e.type === 'md.candle').map((e) => (e as HeliosEvent<'md.candle'>).payload.openTime));
  const lastBar = Math.max(-Infinity, ...candleTimes);
  const decided = causesOf(events, ['risk.approved', 'risk.rejected']);
  const answered = causesOf(events, ['order.ack', 'order.reject']);
  const acked = causesOf(events, ['order.ack']);
  const withPnl = causesOf(events, ['pnl.update']);
  const ids = new Set(events.map((e) => e.id));
  const orderCauses = causesOf(events, ['order.new']);
  const referenceOrderCauses = causesOf(reference, ['order.new']);

  const terminal = new Set<string>();
  for (const e of events) {
    if (e.type === 'order.cancel') terminal.add((e as HeliosEvent<'order.cancel'>).payload.clientOrderId);
    if (e.type === 'order.fill' && (e as OrderFill).payload.remainingQty === 0) terminal.add((e as OrderFill).payload.clientOrderId);
  }

  const lost: LostBreakdown = {
    candles: releasedOpenTimes.filter((t) => !candleTimes.has(t)).length,
    strategyEvaluations: reference.filter((e) => e.type === 'strategy.intent' && !ids.has(e.id)).length,
    intentsWithoutDecision: events.filter((e) => e.type === 'strategy.intent' && !decided.has(e.id)).length,
    approvalsWithoutOrder: events.filter((e) => e.type === 'risk.approved' && referenceOrderCauses.has(e.id) && !orderCauses.has(e.id)).length,
    ordersWithoutAnswer: orders.filter((o) => !answered.has(o.id)).length,
    // An order fills at the open of the first bar opening at or after its time; without such a bar it may still be working.
    ordersNotTerminal: orders.filter((o) => acked.has(o.id) && lastBar >= o.ts && !terminal.has(o.payload.clientOrderId)).length,
    fillsWithoutPnl: events.filter((e) => e.type === 'order.fill' && !withPnl.has(e.id)).length,
  };

  const mine = fillsByOrder(events);
  const theirs = fillsByOrder(reference);
  const fillsMatchReference = mine.size === theirs.size && [...theirs].every(([id, list]) => JSON.stringify(mine.get(id)) === JSON.stringify(list));

  return {
    ordersSent: orders.length,
    duplicateOrders,
    duplicateEvents,
    lost,
    lostEvents: Object.values(lost).reduce((a, b) => a + b, 0),
    fills: events.filter((e) => e.type === 'order.fill').length,
    fillsMatchReference,
  };
}
