import { EquityCurve } from './equity-curve';
import type { InstrumentMark, PortfolioState, PositionBook, StrategyBook } from './portfolio-state';
import { encodeNumber, SnapshotField, uniqueKey, type SnapshotNumber } from '@helios/domain-core';
import type { ClosedTrade, OpenTrade } from './trades';

/** Bumped whenever the shape below changes: the service shell ignores a snapshot of another version. */
export const PORTFOLIO_SNAPSHOT_VERSION = 1;

export interface EquityCurveSnapshot {
  keepPoints: boolean;
  ts: SnapshotNumber[];
  equity: SnapshotNumber[];
  lastTs: SnapshotNumber;
  lastEquity: SnapshotNumber;
  peak: SnapshotNumber;
  peakBefore: SnapshotNumber;
  drawdownPct: SnapshotNumber;
  maxDrawdownPct: SnapshotNumber;
  maxDrawdownBefore: SnapshotNumber;
}

export interface OpenTradeSnapshot {
  side: 'long' | 'short';
  entryTs: SnapshotNumber;
  entryQty: SnapshotNumber;
  entryPrice: SnapshotNumber;
  exitQty: SnapshotNumber;
  exitPrice: SnapshotNumber;
  gross: SnapshotNumber;
  fees: SnapshotNumber;
}

export interface ClosedTradeSnapshot {
  instrument: string;
  side: 'long' | 'short';
  qty: SnapshotNumber;
  entryTs: SnapshotNumber;
  entryPrice: SnapshotNumber;
  exitTs: SnapshotNumber;
  exitPrice: SnapshotNumber;
  pnl: SnapshotNumber;
  fees: SnapshotNumber;
}

export interface PositionSnapshot {
  instrument: string;
  qty: SnapshotNumber;
  avgPrice: SnapshotNumber;
  realized: SnapshotNumber;
  fees: SnapshotNumber;
  trade: OpenTradeSnapshot | null;
}

export interface StrategyBookSnapshot {
  id: string;
  initialCapital: SnapshotNumber;
  cash: SnapshotNumber;
  realized: SnapshotNumber;
  fees: SnapshotNumber;
  /** In the order they were opened (every sum runs in this order). */
  positions: PositionSnapshot[];
  curve: EquityCurveSnapshot;
  trades: ClosedTradeSnapshot[];
}

export interface InstrumentMarkSnapshot {
  instrument: string;
  price: SnapshotNumber;
  fromBar: boolean;
  /** Strategy ids of the positions in this instrument, in the order they were opened (the order of a bar's pnl.update events). */
  holders: string[];
}

/** The whole portfolio state as plain JSON; strategies in creation order, positions shared with marks by strategy id. */
export interface PortfolioSnapshot {
  marks: InstrumentMarkSnapshot[];
  strategies: StrategyBookSnapshot[];
  /** `account/clientOrderId` -> strategy id, in insertion order. */
  orderStrategy: Array<[string, string]>;
  curve: EquityCurveSnapshot;
}

const n = encodeNumber;

function curveToSnapshot(c: EquityCurve): EquityCurveSnapshot {
  return {
    keepPoints: c.keepPoints,
    ts: Array.from(c.ts.toFloat64Array(), n),
    equity: Array.from(c.equity.toFloat64Array(), n),
    lastTs: n(c.lastTs),
    lastEquity: n(c.lastEquity),
    peak: n(c.peak),
    peakBefore: n(c.peakBefore),
    drawdownPct: n(c.drawdownPct),
    maxDrawdownPct: n(c.maxDrawdownPct),
    maxDrawdownBefore: n(c.maxDrawdownBefore),
  };
}

const openTradeToSnapshot = (t: OpenTrade): OpenTradeSnapshot => ({
  side: t.side,
  entryTs: n(t.entryTs),
  entryQty: n(t.entryQty),
  entryPrice: n(t.entryPrice),
  exitQty: n(t.exitQty),
  exitPrice: n(t.exitPrice),
  gross: n(t.gross),
  fees: n(t.fees),
});

// A closed trade's strategyId is that of the book that lists it: not repeated.
const closedTradeToSnapshot = (t: ClosedTrade): ClosedTradeSnapshot => ({
  instrument: t.instrument,
  side: t.side,
  qty: n(t.qty),
  entryTs: n(t.entryTs),
  entryPrice: n(t.entryPrice),
  exitTs: n(t.exitTs),
  exitPrice: n(t.exitPrice),
  pnl: n(t.pnl),
  fees: n(t.fees),
});

const positionToSnapshot = (p: PositionBook): PositionSnapshot => ({
  instrument: p.instrument,
  qty: n(p.qty),
  avgPrice: n(p.avgPrice),
  realized: n(p.realized),
  fees: n(p.fees),
  trade: p.trade === undefined ? null : openTradeToSnapshot(p.trade),
});

const bookToSnapshot = (b: StrategyBook): StrategyBookSnapshot => ({
  id: b.id,
  initialCapital: n(b.initialCapital),
  cash: n(b.cash),
  realized: n(b.realized),
  fees: n(b.fees),
  positions: b.positionList.map(positionToSnapshot),
  curve: curveToSnapshot(b.curve),
  trades: b.trades.map(closedTradeToSnapshot),
});

/** Pure: reads the state, never changes it. O(positions + trades + curve points). */
export function portfolioToSnapshot(state: PortfolioState): PortfolioSnapshot {
  return {
    marks: [...state.marks.values()].map((m) => ({ instrument: m.instrument, price: n(m.price), fromBar: m.fromBar, holders: m.holders.map((p) => p.strategyId) })),
    strategies: state.strategyList.map(bookToSnapshot),
    orderStrategy: [...state.orderStrategy],
    curve: curveToSnapshot(state.curve),
  };
}

const SIDES = ['long', 'short'] as const;

function curveFromSnapshot(f: SnapshotField): EquityCurve {
  const curve = new EquityCurve(f.get('lastEquity').number(), f.get('keepPoints').boolean());
  const ts = f.get('ts').items();
  const equity = f.get('equity').items();
  if (equity.length !== ts.length) throw f.get('equity').error(`as long as ${f.path}.ts (${ts.length} points)`);
  for (let i = 0; i < ts.length; i++) {
    curve.ts.push(ts[i].number());
    curve.equity.push(equity[i].number());
  }
  curve.lastTs = f.get('lastTs').number();
  curve.peak = f.get('peak').number();
  curve.peakBefore = f.get('peakBefore').number();
  curve.drawdownPct = f.get('drawdownPct').number();
  curve.maxDrawdownPct = f.get('maxDrawdownPct').number();
  curve.maxDrawdownBefore = f.get('maxDrawdownBefore').number();
  return curve;
}

function openTradeFromSnapshot(f: SnapshotField): OpenTrade | undefined {
  if (f.value === null) return undefined;
  return {
    side: f.get('side').oneOf(SIDES),
    entryTs: f.get('entryTs').number(),
    entryQty: f.get('entryQty').number(),
    entryPrice: f.get('entryPrice').number(),
    exitQty: f.get('exitQty').number(),
    exitPrice: f.get('exitPrice').number(),
    gross: f.get('gross').number(),
    fees: f.get('fees').number(),
  };
}

function closedTradeFromSnapshot(f: SnapshotField, strategyId: string): ClosedTrade {
  return {
    strategyId,
    instrument: f.get('instrument').string(),
    side: f.get('side').oneOf(SIDES),
    qty: f.get('qty').number(),
    entryTs: f.get('entryTs').number(),
    entryPrice: f.get('entryPrice').number(),
    exitTs: f.get('exitTs').number(),
    exitPrice: f.get('exitPrice').number(),
    pnl: f.get('pnl').number(),
    fees: f.get('fees').number(),
  };
}

function bookFromSnapshot(f: SnapshotField, marks: ReadonlyMap<string, InstrumentMark>): StrategyBook {
  const id = f.get('id').string();
  const book: StrategyBook = {
    id,
    initialCapital: f.get('initialCapital').number(),
    cash: f.get('cash').number(),
    realized: f.get('realized').number(),
    fees: f.get('fees').number(),
    positions: new Map(),
    positionList: [],
    curve: curveFromSnapshot(f.get('curve')),
    trades: f.get('trades').items().map((t) => closedTradeFromSnapshot(t, id)),
  };
  for (const p of f.get('positions').items()) {
    const instrumentField = p.get('instrument');
    const instrument = instrumentField.string();
    const mark = marks.get(instrument);
    if (mark === undefined) throw instrumentField.error('an instrument listed in marks');
    uniqueKey(book.positions, instrument, instrumentField);
    const position: PositionBook = {
      strategyId: id,
      instrument,
      mark,
      qty: p.get('qty').number(),
      avgPrice: p.get('avgPrice').number(),
      realized: p.get('realized').number(),
      fees: p.get('fees').number(),
      trade: openTradeFromSnapshot(p.get('trade')),
    };
    book.positions.set(instrument, position);
    book.positionList.push(position);
  }
  return book;
}

/** Rebuilds the state of `portfolioToSnapshot`; throws an error naming the first malformed field. */
export function portfolioFromSnapshot(json: unknown): PortfolioState {
  const root = SnapshotField.root('portfolio', json);
  const marks = new Map<string, InstrumentMark>();
  const holderIds = new Map<InstrumentMark, SnapshotField[]>();
  for (const m of root.get('marks').items()) {
    const instrument = m.get('instrument').string();
    uniqueKey(marks, instrument, m.get('instrument'));
    const mark: InstrumentMark = { instrument, price: m.get('price').number(), fromBar: m.get('fromBar').boolean(), holders: [] };
    marks.set(instrument, mark);
    holderIds.set(mark, m.get('holders').items());
  }

  const strategies = new Map<string, StrategyBook>();
  const strategyList: StrategyBook[] = [];
  for (const s of root.get('strategies').items()) {
    const book = bookFromSnapshot(s, marks);
    uniqueKey(strategies, book.id, s.get('id'));
    strategies.set(book.id, book);
    strategyList.push(book);
  }

  // A mark's holders are the very position objects of the books: a bar updates them through either path.
  let positions = 0;
  for (const [mark, holders] of holderIds) {
    for (const h of holders) {
      const position = strategies.get(h.string())?.positions.get(mark.instrument);
      if (position === undefined) throw h.error(`a strategy holding a position in ${mark.instrument}`);
      if (mark.holders.includes(position)) throw h.error('listed once (it is listed before)');
      mark.holders.push(position);
    }
    positions += mark.holders.length;
  }
  const listed = strategyList.reduce((sum, b) => sum + b.positionList.length, 0);
  if (positions !== listed) throw root.get('marks').error(`marks whose holders name each of the ${listed} positions (they name ${positions})`);

  const orderStrategy = new Map<string, string>();
  for (const entry of root.get('orderStrategy').items()) {
    const pair = entry.items();
    if (pair.length !== 2) throw entry.error('a pair [account/clientOrderId, strategyId]');
    const [key, strategyId] = pair;
    uniqueKey(orderStrategy, key.string(), key);
    orderStrategy.set(key.string(), strategyId.string());
  }

  return { strategies, strategyList, marks, orderStrategy, curve: curveFromSnapshot(root.get('curve')) };
}

/** The hooks the service shell takes (`ServiceDecider.toSnapshot`, `fromSnapshot`, `snapshotVersion`). */
export const portfolioSnapshotHooks = {
  toSnapshot: portfolioToSnapshot,
  fromSnapshot: portfolioFromSnapshot,
  snapshotVersion: PORTFOLIO_SNAPSHOT_VERSION,
} as const;
