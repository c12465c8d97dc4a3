import type { HeliosEvent } from '@helios/contracts';

interface Tally {
  count: number;
  first: string;
}

/**
 * Why a backtest traded less than its strategy asked: risk rejections, orders the venue refused or
 * cancelled, and targets the order engine could not size (e.g. less than one lot: `--lot-size 1` on
 * BTC with $10,000). A run with zero trades and no word of why is the worst kind of result.
 */
export class RunWarnings {
  private readonly tallies = new Map<string, Tally>();

  /** Called for every event of the run; only the rare refusal events cost anything. */
  observe(e: HeliosEvent): void {
    switch (e.type) {
      case 'risk.rejected':
        for (const r of e.payload.reasons) this.add(`the risk gate rejected targets (${r.rule})`, r.message);
        return;
      case 'order.reject':
        this.add('the exchange rejected orders', e.payload.reason);
        return;
      case 'order.cancel':
        this.add('the exchange cancelled orders', e.payload.reason ?? 'no reason given');
        return;
    }
  }

  /** Anomalies the order engine kept (e.g. `unsizable`), with how many there were in all. */
  addAnomalies(anomalies: ReadonlyArray<{ kind: string; message: string }>): void {
    for (const a of anomalies) this.add(`the order engine sent no order (${a.kind})`, a.message);
  }

  list(): string[] {
    return [...this.tallies].map(([what, t]) => `${t.count} x ${what}; first: ${t.first}`);
  }

  private add(what: string, message: string): void {
    const t = this.tallies.get(what);
    if (t === undefined) this.tallies.set(what, { count: 1, first: message });
    else t.count++;
  }
}
