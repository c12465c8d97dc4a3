import type { JsMsg } from '@nats-io/jetstream';
import { decodeEvent, type HeliosEvent } from '@helios/contracts';
import type { Delivery, Subscription } from '@helios/kernel';
import { consumeInOrder, deadLetterAndTerm, nakDelay, storedAtMs, type DurableConsumerRun } from '@helios/nats';

/**
 * A delivery the handler settles itself, possibly long after it returned: the shell acks an input
 * only once its outputs (and those of every earlier input) are stored. `working` tells the server
 * it is still being handled, so its ack wait does not expire meanwhile.
 */
export interface HeldDelivery extends Delivery<HeliosEvent> {
  working(): void;
}

/**
 * Consumes a durable pull consumer in stream order like `runDurableConsumer` (poison after
 * `maxDeliver` attempts, undecodable messages dead-lettered), but the handler's return only admits
 * the next message: settling is the handler's job. That lets the shell decide input n + 1 while
 * the outputs of input n are still on their way to the server.
 */
export async function runPipelinedConsumer(run: DurableConsumerRun, handler: (d: HeldDelivery) => Promise<void>): Promise<Subscription> {
  return consumeInOrder(run, (m) => admit(run, m, handler));
}

async function admit(run: DurableConsumerRun, m: JsMsg, handler: (d: HeldDelivery) => Promise<void>): Promise<void> {
  const attempt = m.info.deliveryCount;
  if (attempt > run.maxDeliver) {
    await deadLetterAndTerm(run, m, {
      reason: 'poison',
      message: `not settled within ${run.maxDeliver} attempts (the handler hung past the ack wait or the consumer stopped)`,
      raw: m.data,
    });
    return;
  }
  const decoded = decodeEvent(m.data, { maxBytes: run.maxEventBytes });
  if (!decoded.ok) {
    await deadLetterAndTerm(run, m, decoded);
    return;
  }
  const event = decoded.event as HeliosEvent;
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    return true;
  };
  const delivery: HeldDelivery = {
    stream: m.info.stream,
    subject: m.subject,
    seq: m.seq,
    // Read by few handlers; parsing the stored time costs something on every message.
    get storedAt() {
      return storedAtMs(m);
    },
    event,
    deliveryCount: attempt,
    ack: () => {
      if (settle()) m.ack();
    },
    nak: async (delayMs?: number) => {
      if (!settle()) return;
      if (attempt >= run.maxDeliver) await deadLetterAndTerm(run, m, { reason: 'poison', message: `nak on delivery ${attempt}`, raw: m.data }, event);
      else m.nak(delayMs ?? nakDelay(run.backoffMs, attempt));
    },
    term: async (reason: string) => {
      if (settle()) await deadLetterAndTerm(run, m, { reason: 'handler-error', message: String(reason), raw: m.data }, event);
    },
    working: () => {
      if (!settled) m.working();
    },
  };
  try {
    await handler(delivery);
  } catch (err) {
    // The shell's handler settles every outcome itself; a throw here is a bug, so the message comes back.
    if (settle()) m.nak(nakDelay(run.backoffMs, attempt));
    run.onError(err, `handler for ${m.subject} #${m.seq} threw`);
  }
}
