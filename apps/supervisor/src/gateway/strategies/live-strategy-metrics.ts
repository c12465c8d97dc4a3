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
 * Keeps a `StrategyMetricsFold` up to date with the ORDER and PNL streams: the first request reads
 * them from the start, later ones only what was stored since (the last sequence is remembered), so
 * polling the strategy list every few seconds costs only the new messages. Refreshes never overlap.
 */
export class LiveStrategyMetrics {
  private readonly fold = new StrategyMetricsFold();
  private readonly sources: Source[] = [
    // Every order event (the fold keeps order.new and order.fill): acks and cancels are few next to bars.
    { stream: 'ORDER', filter: [filters.allOrders], seq: 0 },
    { stream: 'PNL', filter: [filters.allPnlUpdates], seq: 0 },
  ];
  private running: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

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
