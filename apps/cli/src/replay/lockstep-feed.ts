import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { encodeEvent, filters, scoped, subjectFor, unscoped, validateEvent, describeIssues, type HeliosEvent } from '@helios/contracts';
import { feedScope, type ReplayStage } from './replay-stages';

const BT = 'BT';
/** How long a service may take for one input before the replay gives up on it. */
const DELIVERY_TIMEOUT_MS = 60_000;
/** Checks the consumer's ack floor this often in case an ack went by unseen. */
const ACK_POLL_MS = 250;

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** The durable consumer name the shell gives a scoped service's feed (`<service>-<instance>-<feed>-BT`). */
export function feedDurable(service: string, instance: string, scope: string): string {
  return `${service}-${instance}-${feedScope(scope, service)}-${BT}`;
}

/**
 * Hands one event at a time to one service and returns what it published in answer: the event
 * goes on the service's feed (`bt.<run>--<service>.<subject>`, stored in BT), the service's durable
 * consumer takes it through the real shell (validate, decide, publish, evolve, ack), and once its ack
 * is seen the service's outputs are read back from the run's log (`bt.<run>.…`) in stored order.
 * Nothing else runs meanwhile, so everything new on the run's log is that service's answer.
 */
export class LockstepFeed {
  private cursor = 0;
  private readonly waiting = new Map<string, Waiter>();
  private ackSub: Subscription | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly scope: string,
    private readonly instance: string,
    /** Why the services cannot answer any more (one of them exited), or undefined while they can. */
    private readonly trouble: () => string | undefined = () => undefined,
  ) {}

  async start(): Promise<void> {
    // Acks are core messages to `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.…` (or the longer
    // form with domain and account hash): watching them tells at once when an input is done.
    this.ackSub = this.nc.subscribe('$JS.ACK.>', {
      callback: (err, msg) => {
        if (err) return;
        const t = msg.subject.split('.');
        const [stream, consumer, seqText] = t.length >= 11 ? [t[4], t[5], t[7]] : [t[2], t[3], t[5]];
        if (stream !== BT) return;
        const w = this.waiting.get(consumer);
        if (w === undefined || Number(seqText) !== w.seq) return;
        const body = msg.string();
        if (body === '' || body.startsWith('+ACK') || body.startsWith('+NXT')) w.resolve();
        else if (body.startsWith('+TERM')) w.reject(new Error(`dead-lettered it (${body.slice(5).trim() || 'see system.dlq'})`));
      },
    });
    await this.nc.flush();
    this.cursor = (await this.jsm.streams.info(BT)).state.last_seq;
  }

  /** Publishes an event of the run itself (a candle the replay feeds) on `bt.<run>.<subject>`. */
  async publishOwn(event: HeliosEvent): Promise<void> {
    const ack = await this.js.publish(scoped(this.scope, subjectFor(event)), encodeEvent(event), { msgID: `${this.scope}:${event.id}` });
    // Nothing else is published in the run while the feed waits, apart from heartbeats.
    this.cursor = Math.max(this.cursor, ack.seq);
  }

  /** Runs one stage of the pipeline on `event` in its service; resolves with the service's outputs in order. */
  async deliver(event: HeliosEvent, stage: ReplayStage): Promise<HeliosEvent[]> {
    const durable = feedDurable(stage.service, this.instance, this.scope);
    const subject = scoped(feedScope(this.scope, stage.service), subjectFor(event));
    const ack = await this.js.publish(subject, encodeEvent(event), { msgID: `${this.scope}:${stage.service}:${event.id}` });
    if (ack.duplicate) throw new Error(`replay: ${event.type} ${event.id} was already fed to ${stage.service} in run ${this.scope}: is another replay with this id running?`);
    await this.waitForAck(durable, ack.seq, `${stage.service} on ${event.type} ${event.id}`);
    return this.readOutputs(event, stage);
  }

  private waitForAck(durable: string, seq: number, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        this.waiting.delete(durable);
        if (err) reject(new Error(`replay: ${what}: ${err.message}`));
        else resolve();
      };
      this.waiting.set(durable, { seq, resolve: () => finish(), reject: finish });
      const poll = setInterval(() => {
        const why = this.trouble();
        if (why !== undefined) finish(new Error(why));
        this.jsm.consumers.info(BT, durable).then(
          (info) => {
            if (info.ack_floor.stream_seq >= seq) finish();
          },
          () => undefined,
        );
      }, ACK_POLL_MS);
      const timer = setTimeout(() => finish(new Error(`no ack within ${DELIVERY_TIMEOUT_MS / 1000} s (consumer ${durable}, feed sequence ${seq})`)), DELIVERY_TIMEOUT_MS);
    });
  }

  /** Everything on the run's log after the cursor, except heartbeats: the outputs of the input just handled. */
  private async readOutputs(input: HeliosEvent, stage: ReplayStage): Promise<HeliosEvent[]> {
    const outputs: HeliosEvent[] = [];
    const filter = filters.scoped(this.scope);
    for (;;) {
      // STREAM.MSG.GET takes next_by_subj (server 2.9+); the client's type only lists seq and last_by_subj.
      const m = await this.jsm.streams.getMessage(BT, { next_by_subj: filter, seq: this.cursor + 1 } as unknown as { seq: number }).catch((err: unknown) => {
        if (/no message found/i.test(String((err as Error)?.message))) return null;
        throw err;
      });
      if (m === null) return outputs;
      this.cursor = m.seq;
      const plain = unscoped(m.subject).subject;
      if (plain.startsWith('system.')) continue;
      const event = m.json<HeliosEvent>();
      const issues = validateEvent(event);
      if (issues.length > 0) throw new Error(`replay: ${m.subject} #${m.seq} is not a valid event: ${describeIssues(issues)}`);
      if (event.cause !== input.id) {
        throw new Error(`replay: ${m.subject} #${m.seq} (${event.type} from ${event.src}) appeared while ${stage.service} handled ${input.type} ${input.id}; something else publishes into run ${this.scope}`);
      }
      outputs.push(event);
    }
  }

  close(): void {
    this.ackSub?.unsubscribe();
    for (const w of this.waiting.values()) w.reject(new Error('the replay stopped'));
  }
}
