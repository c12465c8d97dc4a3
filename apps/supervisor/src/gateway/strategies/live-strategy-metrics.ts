import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { filters, type HeliosEvent } from '@helios/contracts';
import { replay } from '@helios/nats';
import type { StrategyMetrics } from '../../shared/api';
import { StrategyMetricsFold } from './strategy-metrics-fold';

interface Source {
  stream: string;
  filter: string[];
  /** Last stream sequence folded. */
  seq: number;
}

/**
 * Keeps a `StrategyMetricsFold` up to date with the ORDER and PNL streams: the first read goes from
 * the start, later ones only over what was stored since (the last sequence is remembered), so
 * polling the strategy list every few seconds costs only the new messages. Refreshes never overlap.
 * The gateway starts the first read when it starts (`warmUp`): after days of running the streams
 * hold millions of P&L updates, and the first request would otherwise wait seconds for them.
 */
export class LiveStrategyMetrics {
  private readonly fold = new StrategyMetricsFold();
  private readonly sources: Source[] = [
    // Every order event (the fold keeps order.new and order.fill): acks and cancels are few next to bars.
    { stream: 'ORDER', filter: [filters.allOrders], seq: 0 },
    // pnl.global: one per marked bar, the clock of the flat stretches in the strategies' curves.
    { stream: 'PNL', filter: [filters.allPnlUpdates, filters.pnlGlobal], seq: 0 },
  ];
  private running: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  /** Starts reading the streams now; a failure is reported and the next request reads again. */
  warmUp(onError: (err: unknown) => void): void {
    this.refresh().catch(onError);
  }

  /** The last sequence folded, per stream. */
  folded(): Record<string, number> {
    return Object.fromEntries(this.sources.map((s) => [s.stream, s.seq]));
  }

  async metricsOf(strategyIds: readonly string[]): Promise<Map<string, StrategyMetrics>> {
    await this.refresh();
    return new Map(strategyIds.map((id) => [id, this.fold.metricsOf(id)]));
  }

  private refresh(): Promise<void> {
    this.running ??= this.readNew().finally(() => (this.running = undefined));
    return this.running;
  }

  private async readNew(): Promise<void> {
    for (const src of this.sources) {
      const last = (await this.jsm.streams.info(src.stream)).state.last_seq;
      if (last <= src.seq) continue;
      // ORDER and PNL are read one after the other: a fill is folded before the P&L it caused, or
      // at worst in the next refresh; both orders give the same trades and curve.
      for await (const r of replay(this.js, this.jsm, { stream: src.stream, filter: src.filter, from: { kind: 'seq', seq: src.seq + 1 } })) {
        if (r.ok) this.fold.apply(r.event as HeliosEvent);
        src.seq = Math.max(src.seq, r.seq);
        if (r.seq >= last) break;
      }
      src.seq = Math.max(src.seq, last);
    }
  }
}
