import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { KV_BUCKETS, subjects, type RiskHaltPayload } from '@helios/contracts';
import { describeError, Publisher } from '@helios/nats';
import { HALT_KEY, haltEvent, haltOfEntry, NOT_HALTED, sameHalt, unreadableHalt } from '@helios/nats';
import { watchKey, type KeyWatch } from './kv-key-watch';

export interface HaltRelayOptions {
  nc: NatsConnection;
  run: string;
  src: string;
  logger: Logger;
  /** Called with each halt event stored (or found stored) on `risk.halt`. */
  onPublished?: (payload: RiskHaltPayload, revision: number) => void;
}

/**
 * Turns the KV switch `helios-config` / `risk.halt` into `risk.halt` events on the RISK stream,
 * which both deciders consume. Only the leading gate runs it. A value equal to the last event
 * already on the stream is not published again, so a new leader or a restart adds nothing.
 */
export class HaltRelay {
  private watch: KeyWatch | undefined;
  /** The switch as the deciders see it: the last `risk.halt` event on the stream. */
  private last: RiskHaltPayload = NOT_HALTED;

  private constructor(
    private readonly opts: HaltRelayOptions,
    private readonly publisher: Publisher,
  ) {}

  static async start(opts: HaltRelayOptions): Promise<HaltRelay> {
    const js = jetstream(opts.nc);
    const relay = new HaltRelay(opts, new Publisher(js, { deadlineMs: 10_000 }));
    const jsm = await jetstreamManager(opts.nc);
    const stored = await jsm.streams.getMessage('RISK', { last_by_subj: subjects.riskHalt() }).catch(() => null);
    if (stored !== null) relay.last = (stored.json() as { payload: RiskHaltPayload }).payload;
    const kv = await new Kvm(js).open(KV_BUCKETS.config);
    relay.watch = await watchKey(kv, HALT_KEY, (e) => relay.relay(e), (err) => opts.logger.error({ err: describeError(err) }, 'halt relay failed'));
    return relay;
  }

  private async relay(entry: KvWatchEntry): Promise<void> {
    let payload: RiskHaltPayload;
    try {
      payload = haltOfEntry(entry);
    } catch (err) {
      payload = unreadableHalt((err as Error).message);
      this.opts.logger.error({ err: payload.reason }, 'unreadable halt value: halting');
    }
    if (sameHalt(this.last, payload)) return;
    const event = haltEvent(payload, entry.revision, entry.created.getTime(), this.opts.run, this.opts.src);
    const ack = await this.publisher.publish(subjects.riskHalt(), event);
    this.last = payload;
    this.opts.logger.warn({ halt: payload, revision: entry.revision, seq: ack.seq, duplicate: ack.duplicate }, payload.halted ? 'global halt ON' : 'global halt OFF');
    this.opts.onPublished?.(payload, entry.revision);
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
  }
}
