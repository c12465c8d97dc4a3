import type { Envelope } from './envelope';
import type { CandleV1Payload } from './events/market-data';
import { eventId } from './ids';
import { registry, type EventPayloads, type EventType, type HeliosEvent } from './registry';

/** 2024-01-01T00:00:00Z: a fixed instant so examples are byte-stable. */
export const EXAMPLE_TS = 1_704_067_200_000;
const MINUTE = 60_000;

const candleV1: CandleV1Payload = {
  venue: 'binance',
  symbol: 'BTC-USDT',
  tf: '1m',
  openTime: EXAMPLE_TS,
  closeTime: EXAMPLE_TS + MINUTE - 1,
  open: 42000.5,
  high: 42100,
  low: 41950.25,
  close: 42080,
  volume: 12.5,
};

/** A valid payload of every event type at its current version. */
export const examples: { readonly [T in EventType]: EventPayloads[T] } = {
  'md.candle': { ...candleV1, closed: true },
  'md.tick': { venue: 'binance', symbol: 'BTC-USDT', price: 42080, size: 0.25, side: 'buy' },
  'md.depth': {
    venue: 'binance',
    symbol: 'BTC-USDT',
    bids: [
      [42079.5, 1.2],
      [42079, 3],
    ],
    asks: [
      [42080, 0.8],
      [42081.5, 2.4],
    ],
  },
  'md.gap': {
    venue: 'binance',
    symbol: 'BTC-USDT',
    tf: '1m',
    expectedOpenTime: EXAMPLE_TS,
    actualOpenTime: EXAMPLE_TS + 3 * MINUTE,
    missingBars: 3,
  },
  'indicator.value': {
    name: 'macd',
    version: 1,
    params: { fast: 12, slow: 26, signal: 9, source: 'close', adjust: false },
    symbol: 'BTC-USDT',
    tf: '1m',
    barTime: EXAMPLE_TS,
    values: { macd: 12.5, signal: 10.25, histogram: 2.25 },
  },
  'strategy.intent': {
    strategyId: 'sma-cross',
    targets: [
      { instrument: 'BTC-USDT', qty: 0.5, reason: 'fast SMA crossed above slow' },
      { instrument: 'ETH-USDT', qty: -2 },
    ],
    barTime: EXAMPLE_TS,
  },
  'risk.approved': {
    strategyId: 'sma-cross',
    targets: [
      { instrument: 'BTC-USDT', qty: 0.4, reason: 'reduced to maxPosition' },
      { instrument: 'ETH-USDT', qty: -2 },
    ],
    limitsVersion: 7,
  },
  'risk.rejected': {
    strategyId: 'sma-cross',
    instrument: 'DOGE-USDT',
    requestedQty: 100000,
    reasons: [
      { rule: 'maxNotional', message: 'order notional 8000 exceeds 5000', limit: 5000, value: 8000 },
      { rule: 'stalePrice', message: 'no price for 120 s' },
    ],
  },
  'risk.halt': { halted: true, reason: 'daily drawdown limit', by: 'rule:maxDrawdown' },
  'order.new': {
    account: 'paper-1',
    clientOrderId: 'sma-cross-000001',
    instrument: 'BTC-USDT',
    side: 'buy',
    type: 'limit',
    qty: 0.4,
    limitPrice: 42050,
    timeInForce: 'GTC',
    strategyId: 'sma-cross',
  },
  'order.ack': { account: 'paper-1', clientOrderId: 'sma-cross-000001', exchangeOrderId: 'PX-1' },
  'order.fill': {
    account: 'paper-1',
    clientOrderId: 'sma-cross-000001',
    fillId: 'PX-1-1',
    instrument: 'BTC-USDT',
    side: 'buy',
    qty: 0.1,
    price: 42050,
    fee: 4.205,
    feeCurrency: 'USDT',
    liquidity: 'maker',
    remainingQty: 0.3,
  },
  'order.cancel': { account: 'paper-1', clientOrderId: 'sma-cross-000001', reason: 'target changed' },
  'order.reject': { account: 'paper-1', clientOrderId: 'sma-cross-000002', reason: 'insufficient balance' },
  'pnl.update': {
    strategyId: 'sma-cross',
    instrument: 'BTC-USDT',
    position: 0.1,
    avgPrice: 42050,
    realized: 0,
    unrealized: 3,
    equity: 10003,
    fees: 4.205,
  },
  'pnl.global': { realized: 120.5, unrealized: -30.25, equity: 10090.25, cash: 5890.25, grossExposure: 4200, drawdownPct: 1.5 },
  'risk.violation': {
    strategyId: 'sma-cross',
    rule: 'maxDrawdown',
    message: 'drawdown 12% exceeds 10%',
    value: 12,
    limit: 10,
    action: 'reduce-only',
  },
  'ml.advice': {
    model: 'gbm-trend',
    symbol: 'BTC-USDT',
    score: 0.35,
    confidence: 0.8,
    horizon: '1h',
    features: { rsi14: 61.2, vol20: 0.021 },
  },
  'system.heartbeat': {
    service: 'risk-gate',
    instance: 'laptop-a-1',
    status: 'healthy',
    lagMsgs: 0,
    msgsInPerSec: 120.5,
    msgsOutPerSec: 118,
    latencyMsP50: 0.4,
    latencyMsP99: 2.1,
    startedAt: EXAMPLE_TS - 3_600_000,
    details: { consumer: 'risk-gate', snapshotSeq: 1200 },
  },
  'system.cmd': { service: 'strategy-runner', instance: 'laptop-a-1', command: 'reconfigure', config: { maxPosition: 2 } },
  'system.dlq': {
    service: 'risk-gate',
    reason: 'invalid-payload',
    message: 'invalid strategy.intent v1 payload',
    errors: [{ path: '/payload/targets/0/qty', rule: 'type', message: '/payload/targets/0/qty: must be number [type]' }],
    originalSubject: 'strategy.intent.sma-cross',
    originalSeq: 42,
    deliveryCount: 1,
    raw: '{"id":"x"}',
    rawTruncated: false,
  },
  'run.lifecycle': {
    runId: 'bt-20240101-sma',
    kind: 'backtest',
    status: 'completed',
    params: { strategy: 'sma-cross', from: '2024-01-01', to: '2024-02-01' },
    metrics: { sharpe: 1.4, maxDrawdownPct: 6.2, trades: 42 },
    artifact: 'runs/bt-20240101-sma/result.json',
  },
};

/** Valid payloads of older versions, keyed by type then version. */
export const olderExamples: { readonly [T in EventType]?: Readonly<Record<number, unknown>> } = {
  'md.candle': { 1: candleV1 },
};

/** A valid payload of `type` at version `v` (default: current). */
export function examplePayload(type: EventType, v = registry.currentVersion(type)): unknown {
  if (v === registry.currentVersion(type)) return examples[type];
  const older = olderExamples[type]?.[v];
  if (older === undefined) throw new Error(`examples: no example of ${type} v${v}`);
  return older;
}

/** A complete valid event of `type` at version `v`, with deterministic meta. */
export function exampleEvent<T extends EventType>(type: T): HeliosEvent<T>;
export function exampleEvent(type: EventType, v: number): Envelope;
export function exampleEvent(type: EventType, v = registry.currentVersion(type)): Envelope {
  return {
    id: eventId('example', type, v),
    type,
    v,
    ts: EXAMPLE_TS,
    src: 'examples',
    run: 'live',
    payload: JSON.parse(JSON.stringify(examplePayload(type, v))) as unknown,
  };
}
