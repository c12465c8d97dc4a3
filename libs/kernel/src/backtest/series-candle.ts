import { eventId, registry, type CandlePayload, type HeliosEvent } from '@helios/contracts';
import type { OhlcvSeries } from '@helios/domain-market-data';

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
 * computed when first read. Hashing the id costs about half as much as the rest of a bar's simulation,
 * and most bars produce nothing that derives from it. The id is a getter, so the envelope reads,
 * validates and encodes (via toJSON) exactly like a plain one with the same fields in createEvent's
 * order; only spreading it (`{...e}`) would lose the id, which no decider does.
 */
export class SeriesCandle implements HeliosEvent<'md.candle'> {
  readonly type = 'md.candle' as const;
  readonly v = CANDLE_VERSION;
  // Not readonly only for SeriesCandles.reuseAt, which moves one candle from bar to bar.
  ts: number;
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

  /** Now bar `payload`'s values (written by the caller): forgets the id of the bar before. */
  moved(): void {
    this.ts = this.payload.closeTime;
    this.#id = undefined;
  }

  get id(): string {
    return (this.#id ??= eventId(this.#meta.venue, this.#meta.symbol, this.#meta.tf, this.payload.openTime));
  }

  toJSON(): HeliosEvent<'md.candle'> {
    return { id: this.id, type: this.type, v: this.v, ts: this.ts, src: this.src, run: this.run, payload: this.payload };
  }
}

/**
 * The closed candles of one series, one event per bar, made when asked for: the driver's per-bar
 * source. The driver calls a method here rather than `new SeriesCandle` from its own module: under
 * the CommonJS interop tsx generates (the benchmarks run through tsx) every use of another
 * module's export goes through a getter, ~10 ns a call, which per bar adds up.
 */
export class SeriesCandles {
  constructor(
    private readonly meta: CandleSeriesMeta,
    private readonly series: OhlcvSeries,
    /** Close time of each bar. */
    private readonly closeTimes: Float64Array,
  ) {}

  /** Bar i's `md.candle`; event time = its close time. */
  at(i: number): SeriesCandle {
    const { meta } = this;
    const payload: CandlePayload = { venue: meta.venue, symbol: meta.symbol, tf: meta.tf, openTime: 0, closeTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, closed: true };
    this.write(payload, i);
    return new SeriesCandle(meta, payload);
  }

  /**
   * Bar i's `md.candle` as one object reused for every bar: a bar's values are written over the
   * last bar's. Allocating a candle and its payload per bar is half of a backtest's garbage; the
   * deciders only read numbers out of a candle while they handle it (none keeps the event or its
   * payload), so in the synchronous driver, where nothing else sees the event, one object is enough.
   * Not for anything that keeps the events (the bus, a recording, the replay's feed).
   */
  reuseAt(i: number): SeriesCandle {
    const c = this.reused;
    if (c === undefined) return (this.reused = this.at(i));
    this.write(c.payload, i);
    c.moved();
    return c;
  }

  private reused: SeriesCandle | undefined;

  /** Bar i's numbers into a payload (a fresh one, or the reused candle's). */
  private write(payload: CandlePayload, i: number): void {
    const { series } = this;
    const p = payload as { -readonly [K in keyof CandlePayload]: CandlePayload[K] };
    p.openTime = series.time[i];
    p.closeTime = this.closeTimes[i];
    p.open = series.open[i];
    p.high = series.high[i];
    p.low = series.low[i];
    p.close = series.close[i];
    p.volume = series.volume[i];
  }
}
