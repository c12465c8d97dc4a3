import type { JsMsg } from '@nats-io/jetstream';
import type { HeliosEvent } from '@helios/contracts';
import type { Delivery, Subscription } from '@helios/kernel';
import { consumeInOrder, nakDelay, openDelivery, type DurableConsumerRun } from '@helios/nats';

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
  const opened = await openDelivery<HeliosEvent>(run, m);
  if (opened === undefined) return;
  try {
    await handler(opened.delivery);
  } catch (err) {
    // The shell's handler settles every outcome itself; a throw here is a bug, so the message comes back.
    if (opened.settle()) m.nak(nakDelay(run.backoffMs, opened.attempt));
    run.onError(err, `handler for ${m.subject} #${m.seq} threw`);
  }
}
