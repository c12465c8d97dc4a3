import { createEvent, derivedId, eventId, subjects, type CandlePayload, type HeliosEvent } from '@helios/contracts';
import { GapDetector } from '@helios/domain-market-data';
import type { PublishItem } from '@helios/nats';
import { seriesId } from '../adapters/market-data-adapter';

export interface CandleEventOptions {
  src: string;
  run: string;
}

/** A candle's id is its natural key, so a replay or a restart publishes the same ids. */
export function candleEvent(p: CandlePayload, o: CandleEventOptions): HeliosEvent<'md.candle'> {
  return createEvent('md.candle', p, { id: eventId(p.venue, p.symbol, p.tf, p.openTime), ts: p.closeTime, src: o.src, run: o.run });
}

/**
 * Turns bars into what the feed publishes: per bar, the `md.gap` warning when bars are missing
 * before it (derived from the candle that revealed the gap), then the `md.candle`.
 */
export class CandleEvents {
  private readonly detectors = new Map<string, GapDetector>();

  constructor(private readonly o: CandleEventOptions) {}

  /** Makes gap detection continue from a bar published before a restart. */
  prime(series: { venue: string; symbol: string; tf: string }, lastOpenTime: number): void {
    this.detector(series).next(lastOpenTime);
  }

  toItems(bars: readonly CandlePayload[]): { items: PublishItem[]; gaps: number } {
    const items: PublishItem[] = [];
    let gaps = 0;
    for (const bar of bars) {
      const candle = candleEvent(bar, this.o);
      const gap = this.detector(bar).next(bar.openTime);
      if (gap !== undefined) {
        gaps++;
        const event = createEvent('md.gap', gap, { id: derivedId(candle.id, 'md.gap', 0), ts: candle.ts, src: this.o.src, run: this.o.run, cause: candle.id });
        items.push({ subject: subjects.gap(gap.venue, gap.symbol, gap.tf), event });
      }
      items.push({ subject: subjects.candle(bar.venue, bar.symbol, bar.tf), event: candle });
    }
    return { items, gaps };
  }

  private detector(k: { venue: string; symbol: string; tf: string }): GapDetector {
    const id = seriesId(k);
    let d = this.detectors.get(id);
    if (d === undefined) {
      d = new GapDetector({ venue: k.venue, symbol: k.symbol, tf: k.tf });
      this.detectors.set(id, d);
    }
    return d;
  }
}
