import type { GapPayload } from '@helios/contracts';
import type { OhlcvSeries } from '../ohlcv-series';
import { timeframeToMs } from '../timeframe';

export interface GapSource {
  venue: string;
  symbol: string;
  /** Timeframe of the bars, e.g. `1m`: a bar is expected every timeframe. */
  tf: string;
}

/**
 * Watches bar open times of one series and reports missing bars as `md.gap` payloads: after a bar
 * at t the next is expected at t + tf; one arriving later means floor((actual - t) / tf) - 1 bars
 * are missing. Times must increase (the CSV loader guarantees it); a bar arriving early (spacing
 * shorter than tf) is not a gap and resets the expectation from its own time.
 */
export class GapDetector {
  private readonly tfMs: number;
  private previous = NaN;

  constructor(private readonly source: GapSource) {
    this.tfMs = timeframeToMs(source.tf);
  }

  /** Feeds the next bar's open time; returns the gap before it, if any. */
  next(openTime: number): GapPayload | undefined {
    const previous = this.previous;
    if (openTime <= previous) {
      throw new Error(`GapDetector(${this.source.symbol} ${this.source.tf}): open time ${openTime} is not after the previous ${previous}`);
    }
    this.previous = openTime;
    if (previous !== previous) return undefined;
    const missingBars = Math.floor((openTime - previous) / this.tfMs) - 1;
    if (missingBars < 1) return undefined;
    return {
      venue: this.source.venue,
      symbol: this.source.symbol,
      tf: this.source.tf,
      expectedOpenTime: previous + this.tfMs,
      actualOpenTime: openTime,
      missingBars,
    };
  }
}

/** Every gap of a loaded series, in time order. */
export function detectGaps(series: OhlcvSeries, source: GapSource): GapPayload[] {
  const detector = new GapDetector(source);
  const gaps: GapPayload[] = [];
  for (let i = 0; i < series.length; i++) {
    const gap = detector.next(series.time[i]);
    if (gap !== undefined) gaps.push(gap);
  }
  return gaps;
}
