import type { CandlePayload } from '@helios/contracts';
import { timeframeToMs, type OhlcvSeries } from '@helios/domain-market-data';
import { seriesId, type EmitBars, type MarketDataAdapter, type SeriesKey } from './market-data-adapter';
import { Pacer, type Speed } from './pacer';
import type { ReleaseGate } from './release-gate';

/** Bars per emit when replaying as fast as possible: PubAcks are pipelined within a batch. */
export const MAX_SPEED_BATCH = 500;

/**
 * Replays a loaded series (a CSV file, a synthetic series) as closed candles of one instrument,
 * paced by bar spacing at `speed`, skipping the bars already published before a restart.
 */
export class SeriesReplayAdapter implements MarketDataAdapter {
  readonly series: readonly SeriesKey[];
  private readonly abort = new AbortController();
  private readonly tfMs: number;
  /** With a gate, a bar also waits until it is released (`--release-key`). */
  release: ReleaseGate | undefined;

  constructor(
    readonly description: string,
    private readonly key: SeriesKey,
    private readonly bars: OhlcvSeries,
    private readonly speed: Speed,
    private readonly now: () => number = Date.now,
  ) {
    this.series = [key];
    this.tfMs = timeframeToMs(key.tf);
  }

  async start(emit: EmitBars, resumeAfter: ReadonlyMap<string, number>): Promise<void> {
    const after = resumeAfter.get(seriesId(this.key)) ?? -Infinity;
    const pacer = new Pacer(this.speed, this.now);
    const { time } = this.bars;
    let i = 0;
    while (i < this.bars.length && time[i] <= after) i++;
    const signal = this.abort.signal;
    while (i < this.bars.length && !signal.aborted) {
      if (this.release !== undefined && !(await this.release.waitFor(time[i], signal))) return;
      if (!(await pacer.waitFor(time[i], signal))) return;
      const batch: CandlePayload[] = [];
      // Everything already due goes out together (all of it, in batches, at `max`).
      do {
        batch.push(this.candle(i));
        i++;
      } while (
        i < this.bars.length &&
        batch.length < MAX_SPEED_BATCH &&
        (this.release === undefined || this.release.allows(time[i])) &&
        (this.speed === 'max' || pacer.dueAt(time[i]) <= this.now())
      );
      await emit(batch);
    }
  }

  stop(): void {
    this.abort.abort();
  }

  private candle(i: number): CandlePayload {
    const b = this.bars;
    const openTime = b.time[i];
    return {
      ...this.key,
      openTime,
      closeTime: openTime + this.tfMs - 1,
      open: b.open[i],
      high: b.high[i],
      low: b.low[i],
      close: b.close[i],
      volume: b.volume[i],
      closed: true,
    };
  }
}
