import type { HeliosEvent } from '@helios/contracts';
import type { ApprovalWindow } from './approval-window';
import type { EquityPeaks } from './equity-peaks';
import type { Mark, OrderOwner, RiskState, StrategyRiskBook } from './risk-state';
import { encodeNumber, SnapshotField, uniqueKey, type SnapshotNumber } from '@helios/domain-core';

/** Bumped whenever the shape below changes: the service shell ignores a snapshot of another version. */
export const RISK_SNAPSHOT_VERSION = 4;

export interface MarkSnapshot {
  instrument: string;
  price: SnapshotNumber;
  previous: SnapshotNumber;
  ts: SnapshotNumber;
}

/** The ring as it is (capacity = times.length), so the order-rate check continues exactly where it was. */
export interface ApprovalWindowSnapshot {
  times: SnapshotNumber[];
  head: number;
  count: number;
}

/** An equity and its peaks (`EquityPeaks`). */
export interface EquityPeaksSnapshot {
  equity: SnapshotNumber;
  peakEquity: SnapshotNumber;
  dayPeakEquity: SnapshotNumber;
  day: SnapshotNumber;
}

export interface StrategyRiskBookSnapshot extends EquityPeaksSnapshot {
  strategyId: string;
  positions: Array<[string, SnapshotNumber]>;
  targets: Array<[string, SnapshotNumber]>;
  approvals: ApprovalWindowSnapshot;
  /** Flattening targets approved per instrument in the current liquidation episode. */
  liquidations: Array<[string, number]>;
}

/** The whole risk state as plain JSON; every map as its entries in insertion order. */
export interface RiskSnapshot {
  marks: MarkSnapshot[];
  halt: { halted: boolean; reason: string; by: string };
  books: StrategyRiskBookSnapshot[];
  portfolio: EquityPeaksSnapshot;
  /** [clientOrderId, strategyId, instrument] */
  orderOwners: Array<[string, string, string]>;
  unattributed: Array<[string, SnapshotNumber]>;
  exposed: string[];
  /** Held intents, whole events in arrival order: their decisions will derive ids from them. */
  held: Array<HeliosEvent<'strategy.intent'>>;
}

const n = encodeNumber;
const units = (m: ReadonlyMap<string, number>): Array<[string, SnapshotNumber]> => Array.from(m, ([k, v]) => [k, n(v)]);

const peaksToSnapshot = (p: EquityPeaks): EquityPeaksSnapshot => ({ equity: n(p.equity), peakEquity: n(p.peakEquity), dayPeakEquity: n(p.dayPeakEquity), day: n(p.day) });

const bookToSnapshot = (b: StrategyRiskBook): StrategyRiskBookSnapshot => ({
  strategyId: b.strategyId,
  ...peaksToSnapshot(b),
  positions: units(b.positions),
  targets: units(b.targets),
  approvals: { times: Array.from(b.approvals.times, n), head: b.approvals.head, count: b.approvals.count },
  liquidations: [...b.liquidations],
});

/** Pure: reads the state, never changes it. */
export function riskToSnapshot(state: RiskState): RiskSnapshot {
  return {
    marks: Array.from(state.marks, ([instrument, m]) => ({ instrument, price: n(m.price), previous: n(m.previous), ts: n(m.ts) })),
    halt: { halted: state.halt.halted, reason: state.halt.reason, by: state.halt.by },
    books: Array.from(state.books.values(), bookToSnapshot),
    portfolio: peaksToSnapshot(state.portfolio),
    orderOwners: Array.from(state.orderOwners, ([id, o]) => [id, o.strategyId, o.instrument]),
    unattributed: units(state.unattributed),
    exposed: [...state.exposed],
    held: [...state.held],
  };
}

function pairs<V>(f: SnapshotField, what: string, value: (v: SnapshotField) => V): Map<string, V> {
  const map = new Map<string, V>();
  for (const entry of f.items()) {
    const pair = entry.items();
    if (pair.length !== 2) throw entry.error(`a pair [${what}]`);
    const key = pair[0].string();
    uniqueKey(map, key, pair[0]);
    map.set(key, value(pair[1]));
  }
  return map;
}

function approvalsFromSnapshot(f: SnapshotField): ApprovalWindow {
  const times = f.get('times').items();
  if (times.length === 0) throw f.get('times').error('a ring of at least one approval time');
  const head = f.get('head').count();
  if (head >= times.length) throw f.get('head').error(`below the ring's capacity ${times.length}`);
  const count = f.get('count').count();
  if (count > times.length) throw f.get('count').error(`at most the ring's capacity ${times.length}`);
  return { times: Float64Array.from(times, (t) => t.number()), head, count };
}

function peaksFromSnapshot(f: SnapshotField): EquityPeaks {
  return { equity: f.get('equity').number(), peakEquity: f.get('peakEquity').number(), dayPeakEquity: f.get('dayPeakEquity').number(), day: f.get('day').number() };
}

function bookFromSnapshot(f: SnapshotField): StrategyRiskBook {
  return {
    strategyId: f.get('strategyId').string(),
    ...peaksFromSnapshot(f),
    positions: pairs(f.get('positions'), 'instrument, units', (v) => v.number()),
    targets: pairs(f.get('targets'), 'instrument, units', (v) => v.number()),
    approvals: approvalsFromSnapshot(f.get('approvals')),
    liquidations: pairs(f.get('liquidations'), 'instrument, count', (v) => v.count()),
  };
}

function ownersFromSnapshot(f: SnapshotField): Map<string, OrderOwner> {
  const map = new Map<string, OrderOwner>();
  for (const entry of f.items()) {
    const triple = entry.items();
    if (triple.length !== 3) throw entry.error('a triple [clientOrderId, strategyId, instrument]');
    const id = triple[0].string();
    uniqueKey(map, id, triple[0]);
    map.set(id, { strategyId: triple[1].string(), instrument: triple[2].string() });
  }
  return map;
}

/**
 * Rebuilds the state of `riskToSnapshot`; throws an error naming the first malformed field. The
 * approval rings keep their stored capacity, as a running gate keeps it across a reconfigure.
 */
export function riskFromSnapshot(json: unknown): RiskState {
  const root = SnapshotField.root('risk', json);
  const marks = new Map<string, Mark>();
  for (const m of root.get('marks').items()) {
    const instrument = m.get('instrument').string();
    uniqueKey(marks, instrument, m.get('instrument'));
    marks.set(instrument, { price: m.get('price').number(), previous: m.get('previous').number(), ts: m.get('ts').number() });
  }
  const halt = root.get('halt');
  const books = new Map<string, StrategyRiskBook>();
  for (const b of root.get('books').items()) {
    const book = bookFromSnapshot(b);
    uniqueKey(books, book.strategyId, b.get('strategyId'));
    books.set(book.strategyId, book);
  }
  const exposed = new Set<string>();
  for (const i of root.get('exposed').items()) {
    uniqueKey(exposed, i.string(), i);
    exposed.add(i.string());
  }
  return {
    marks,
    halt: { halted: halt.get('halted').boolean(), reason: halt.get('reason').string(), by: halt.get('by').string() },
    books,
    portfolio: peaksFromSnapshot(root.get('portfolio')),
    orderOwners: ownersFromSnapshot(root.get('orderOwners')),
    unattributed: pairs(root.get('unattributed'), 'instrument, units', (v) => v.number()),
    exposed,
    held: root.get('held').items().map((f) => f.event('strategy.intent')),
  };
}

/** The hooks the service shell takes (`ServiceDecider.toSnapshot`, `fromSnapshot`, `snapshotVersion`). */
export const riskSnapshotHooks = {
  toSnapshot: riskToSnapshot,
  fromSnapshot: riskFromSnapshot,
  snapshotVersion: RISK_SNAPSHOT_VERSION,
} as const;
