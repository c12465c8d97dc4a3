import { eventId, registry, type CandlePayload, type HeliosEvent } from '@helios/contracts';

/** What every candle of one backtest series shares. */
export interface CandleSeriesMeta {
  readonly venue: string;
  readonly symbol: string;
  readonly tf: string;
  readonly src: string;
  readonly run: string;
}

const CANDLE_VERSION = registry.currentVersion('md.candle');

/**
 * An `md.candle` event of a backtest series whose id, `eventId(venue, symbol, tf, openTime)`, is
 * computed when first read. Hashing the id costs about as much as the rest of a bar's simulation,
 * and most bars produce nothing that derives from it. The id is a getter, so the envelope reads,
 * validates and encodes (via toJSON) exactly like a plain one with the same fields in createEvent's
 * order; only spreading it (`{...e}`) would lose the id, which no decider does.
 */
export class SeriesCandle implements HeliosEvent<'md.candle'> {
  readonly type = 'md.candle' as const;
  readonly v = CANDLE_VERSION;
  readonly ts: number;
  readonly src: string;
  readonly run: string;
  readonly payload: CandlePayload;
  // Private fields are not properties: the envelope keeps exactly its contract's keys.
  readonly #meta: CandleSeriesMeta;
  #id: string | undefined = undefined;

  constructor(meta: CandleSeriesMeta, payload: CandlePayload) {
    this.#meta = meta;
    this.payload = payload;
    this.ts = payload.closeTime;
    this.src = meta.src;
    this.run = meta.run;
  }

  get id(): string {
    return (this.#id ??= eventId(this.#meta.venue, this.#meta.symbol, this.#meta.tf, this.payload.openTime));
  }

  toJSON(): HeliosEvent<'md.candle'> {
    return { id: this.id, type: this.type, v: this.v, ts: this.ts, src: this.src, run: this.run, payload: this.payload };
  }
}
