import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { Logger } from 'pino';
import { parseStrategyDefinition, strategyKey, type StrategyDefinition } from '@helios/domain-strategy';

export interface SourcedDefinition {
  def: StrategyDefinition;
  revision: number;
}

/**
 * The strategies of this process as KV `helios-config` holds them: one key (`--strategy <id>`) or
 * every `strategy.*` key (`--all`). An invalid definition is reported and left out (the previous
 * valid one of that key stays), so one bad key never stops the others.
 */
export class StrategySource {
  readonly current = new Map<string, SourcedDefinition>();
  /** Keys whose latest value was refused (not JSON, or not a valid definition). */
  readonly refused = new Set<string>();
  private stopWatch: (() => void) | undefined;

  constructor(
    private readonly kv: KV,
    /** The bucket's stored keys matching a filter, read without a consumer (`storedKvKeys`). */
    private readonly storedKeys: (filter: string) => Promise<readonly string[]>,
    private readonly only: string | undefined,
    private readonly logger: Logger,
    /** Key prefix of a replay run's definitions (`bt.<run>.`); empty for live and paper trading. */
    private readonly prefix = '',
  ) {}

  get filter(): string {
    return this.prefix + (this.only === undefined ? 'strategy.>' : strategyKey(this.only));
  }

  /**
   * Reads the current definitions, then calls `changed` after every later change (the initial
   * values are delivered before `start` resolves and do not call it).
   */
  async start(changed: (id: string, before: SourcedDefinition | undefined, after: SourcedDefinition | undefined) => void): Promise<void> {
    // Whether the watcher will deliver initial values (deleted keys' markers included, as it does).
    // Not kv.keys(): it leaves a consumer on the server for 5 minutes per call.
    let initial = (await this.storedKeys(this.filter)).length > 0;
    let ready: () => void = () => undefined;
    const initialized = new Promise<void>((resolve) => (ready = resolve));
    if (!initial) ready();
    const watcher = await this.kv.watch({ key: this.filter });
    this.stopWatch = () => watcher.stop();
    void (async () => {
      for await (const e of watcher) {
        const outcome = this.apply(e);
        if (initial) {
          // The watcher first delivers each key's last value; `delta` counts how many are still to come.
          if (e.delta === 0) {
            initial = false;
            ready();
          }
          continue;
        }
        if (outcome !== undefined) changed(outcome.id, outcome.before, outcome.after);
      }
    })();
    await initialized;
  }

  stop(): void {
    this.stopWatch?.();
  }

  private apply(e: KvWatchEntry): { id: string; before?: SourcedDefinition; after?: SourcedDefinition } | undefined {
    const key = e.key.slice(this.prefix.length);
    const id = key.slice('strategy.'.length);
    const before = this.current.get(id);
    if (e.operation !== 'PUT') {
      this.refused.delete(id);
      if (before === undefined) return undefined;
      this.current.delete(id);
      return { id, before };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(e.string());
    } catch (err) {
      this.logger.error({ key: e.key, revision: e.revision, err: (err as Error).message }, 'strategy definition is not JSON: ignored');
      this.refused.add(id);
      return undefined;
    }
    try {
      const after = { def: parseStrategyDefinition(key, raw), revision: e.revision };
      this.current.set(id, after);
      this.refused.delete(id);
      return { id, before, after };
    } catch (err) {
      this.logger.error({ key: e.key, revision: e.revision, err: (err as Error).message }, 'invalid strategy definition: ignored');
      this.refused.add(id);
      return undefined;
    }
  }
}
