import { Type, type Static } from 'typebox';
import { EpochMs, MarketSymbol, NonNegative, payloadOptions, Positive, PriceLevel, Side, Timeframe, Venue } from '../primitives';
import type { Problem } from '../issues';

const candleFields = {
  venue: Venue(),
  symbol: MarketSymbol(),
  tf: Timeframe(),
  openTime: EpochMs('Bar open time, ms since epoch (inclusive).'),
  closeTime: EpochMs('Bar close time, ms since epoch.'),
  open: Positive(),
  high: Positive(),
  low: Positive(),
  close: Positive(),
  volume: NonNegative('Base-asset volume traded in the bar.'),
};

export const CandleV1Schema = Type.Object(candleFields, payloadOptions('md.candle', 1, 'An OHLCV bar.'));
export const CandleV2Schema = Type.Object(
  { ...candleFields, closed: Type.Boolean({ description: 'False while the bar is still forming.' }) },
  payloadOptions('md.candle', 2, 'An OHLCV bar; `closed` tells a final bar from a forming one.'),
);
export type CandleV1Payload = Static<typeof CandleV1Schema>;
export type CandlePayload = Static<typeof CandleV2Schema>;

/** v1 publishers only ever sent finished bars, so an upcast v1 bar is closed. */
export const upcastCandleV1: (p: CandleV1Payload) => CandlePayload = (p) => ({ ...p, closed: true });

/** OHLC and time consistency, which JSON Schema cannot express across fields. */
export function candleProblems(p: CandleV1Payload): Problem[] {
  const problems: Problem[] = [];
  if (p.high < p.low) problems.push({ path: '/high', rule: 'ohlc', detail: `high (${p.high}) must be >= low (${p.low})` });
  if (p.high < Math.max(p.open, p.close)) problems.push({ path: '/high', rule: 'ohlc', detail: `high (${p.high}) must be >= open and close` });
  if (p.low > Math.min(p.open, p.close)) problems.push({ path: '/low', rule: 'ohlc', detail: `low (${p.low}) must be <= open and close` });
  if (p.closeTime <= p.openTime) {
    problems.push({ path: '/closeTime', rule: 'timeOrder', detail: `closeTime (${p.closeTime}) must be > openTime (${p.openTime})` });
  }
  return problems;
}

export const TickSchema = Type.Object(
  {
    venue: Venue(),
    symbol: MarketSymbol(),
    price: Positive(),
    size: Positive(),
    side: Type.Optional(Side()),
  },
  payloadOptions('md.tick', 1, 'A trade print; `side` is the aggressor side when the venue reports it.'),
);
export type TickPayload = Static<typeof TickSchema>;

export const DepthSchema = Type.Object(
  {
    venue: Venue(),
    symbol: MarketSymbol(),
    bids: Type.Array(PriceLevel(), { maxItems: 5000, description: 'Best first: [price, size].' }),
    asks: Type.Array(PriceLevel(), { maxItems: 5000, description: 'Best first: [price, size].' }),
  },
  payloadOptions('md.depth', 1, 'An order book snapshot of the top levels.'),
);
export type DepthPayload = Static<typeof DepthSchema>;

export const GapSchema = Type.Object(
  {
    venue: Venue(),
    symbol: MarketSymbol(),
    tf: Timeframe(),
    expectedOpenTime: EpochMs('Open time of the first missing bar.'),
    actualOpenTime: EpochMs('Open time of the bar that arrived instead.'),
    missingBars: Type.Integer({ minimum: 1 }),
  },
  payloadOptions('md.gap', 1, 'Warning: bars are missing from a candle series.'),
);
export type GapPayload = Static<typeof GapSchema>;

export function gapProblems(p: GapPayload): Problem[] {
  return p.actualOpenTime > p.expectedOpenTime
    ? []
    : [{ path: '/actualOpenTime', rule: 'timeOrder', detail: `actualOpenTime (${p.actualOpenTime}) must be > expectedOpenTime (${p.expectedOpenTime})` }];
}
