import type { ConsumerInfo } from '@nats-io/jetstream';
import type { Subscription } from '@helios/kernel';
import { ensureDurableConsumer, type DurableConsumerRun } from '@helios/nats';
import { AppliedLog } from './applied-log';
import { runPipelinedConsumer, type HeldDelivery } from './pipelined-consumer';
import type { StreamInputs } from './inputs';
import type { NatsLink } from './nats-link';
import type { ConsumerTuning } from './service-options';

export interface InputConsumer extends StreamInputs {
  readonly durable: string;
  readonly log: AppliedLog;
  subscription?: Subscription;
}

export type ConsumerRunSettings = Omit<DurableConsumerRun, 'nc' | 'js' | 'stream' | 'durable'>;

/** The durable pull consumers of a service, one per input stream, and what each has applied. */
export class InputConsumers {
  readonly list: readonly InputConsumer[];

  constructor(service: string, instance: string, inputs: readonly StreamInputs[]) {
    this.list = inputs.map((g) => ({ ...g, durable: `${service}-${instance}-${g.stream}`, log: new AppliedLog(g.stream) }));
  }

  of(stream: string): InputConsumer {
    const c = this.list.find((x) => x.stream === stream);
    if (c === undefined) throw new Error(`no input consumer for stream ${stream}`);
    return c;
  }

  /** The consumer's info, or undefined when it does not exist (yet). */
  info(link: NatsLink, c: InputConsumer): Promise<ConsumerInfo | undefined> {
    return link.jsm.consumers.info(c.stream, c.durable).catch(() => undefined);
  }

  /**
   * Creates or updates each consumer. A new one starts after what the state already covers; an
   * existing one keeps its position (what it delivers again is recognised as applied).
   */
  async ensure(link: NatsLink, tuning: ConsumerTuning, description: string): Promise<void> {
    const ack = tuning.ackWaitMs;
    for (const c of this.list) {
      await ensureDurableConsumer(link.jsm, {
        stream: c.stream,
        durable: c.durable,
        filterSubjects: c.filters,
        ackWaitMs: ack,
        // One delivery more than the attempts: it dead-letters a message whose last attempt never settled.
        maxDeliver: tuning.maxDeliver + 1,
        maxAckPending: tuning.maxAckPending,
        // Redeliveries of messages whose handler died (ack wait expired) back off on the server too.
        ackTimeoutBackoffMs: [ack, 2 * ack, 4 * ack].slice(0, Math.min(3, tuning.maxDeliver)),
        deliverFrom: { kind: 'seq', seq: c.log.covered + 1 },
        description,
      });
    }
  }

  /** The handler settles each delivery itself (see runPipelinedConsumer). */
  async start(link: NatsLink, settings: ConsumerRunSettings, handler: (d: HeldDelivery) => Promise<void>): Promise<void> {
    for (const c of this.list) {
      if (c.subscription !== undefined) continue;
      c.subscription = await runPipelinedConsumer({ ...settings, nc: link.nc, js: link.js, stream: c.stream, durable: c.durable }, handler);
    }
  }

  /** Stops pulling; messages already pulled still go through the handler first. */
  async stop(): Promise<void> {
    await Promise.all(
      this.list.map(async (c) => {
        const sub = c.subscription;
        c.subscription = undefined;
        await sub?.stop();
      }),
    );
  }

  covered(): Record<string, { covered: number; last: number; pendingAbove: number }> {
    return Object.fromEntries(this.list.map((c) => [c.stream, { covered: c.log.covered, last: c.log.last, pendingAbove: c.log.pendingAbove }]));
  }
}
