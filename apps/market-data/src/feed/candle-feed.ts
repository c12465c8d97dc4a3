import type { CandlePayload } from '@helios/contracts';
import type { Publisher } from '@helios/nats';
import type { EmitBars } from '../adapters/market-data-adapter';
import type { CandleEvents } from './candle-events';

export interface FeedCounters {
  candles: number;
  gaps: number;
  /** Events stored by the stream (candles and gaps), duplicates excluded. */
  stored: number;
  duplicates: number;
  lastOpenTime: number | null;
}

/**
 * The publishing side of the feed: bars -> events -> JetStream, pipelined (publishMany) and
 * acknowledged before `emit` resolves. `pause` holds the next emit until `resume`.
 */
export class CandleFeed {
  readonly counters: FeedCounters = { candles: 0, gaps: 0, stored: 0, duplicates: 0, lastOpenTime: null };
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  constructor(
    private readonly publisher: Publisher,
    private readonly events: CandleEvents,
  ) {}

  get paused(): boolean {
    return this.gate !== undefined;
  }

  pause(): void {
    if (this.gate === undefined) this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  resume(): void {
    this.openGate?.();
    this.gate = undefined;
    this.openGate = undefined;
  }

  readonly emit: EmitBars = async (bars: readonly CandlePayload[]) => {
    while (this.gate !== undefined) await this.gate;
    const { items, gaps } = this.events.toItems(bars);
    const acks = await this.publisher.publishMany(items);
    for (const ack of acks) {
      if (ack.duplicate) this.counters.duplicates++;
      else this.counters.stored++;
    }
    this.counters.candles += bars.length;
    this.counters.gaps += gaps;
    if (bars.length > 0) this.counters.lastOpenTime = bars[bars.length - 1].openTime;
  };
}
