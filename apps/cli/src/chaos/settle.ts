import type { JetStreamManager } from '@nats-io/jetstream';

/** The streams whose consumers must be drained before the next bar goes out. */
const PIPELINE_STREAMS = ['MD', 'INDICATOR', 'STRATEGY', 'RISK', 'ORDER', 'PNL'];

/**
 * Durable consumers of the pipeline's streams that still have work: messages not yet delivered
 * or delivered and not acknowledged. A service acknowledges an input only after its outputs are
 * stored, so "none" means every event so far has had all its consequences.
 */
export async function busyConsumers(jsm: JetStreamManager): Promise<string[]> {
  const busy: string[] = [];
  for (const stream of PIPELINE_STREAMS) {
    for (const ci of await jsm.consumers.list(stream).next()) {
      if (ci.config.durable_name === undefined) continue;
      if (ci.num_pending > 0 || ci.num_ack_pending > 0) busy.push(`${stream}/${ci.name} (${ci.num_pending} pending, ${ci.num_ack_pending} unacked)`);
    }
  }
  return busy;
}
