import type { JetStreamManager } from '@nats-io/jetstream';
import { consumerBacklogs } from '../consumer-backlog';

/**
 * Durable consumers of the pipeline's streams that still have work: messages not yet delivered
 * or delivered and not acknowledged. "None" means every event so far has had all its consequences.
 */
export async function busyConsumers(jsm: JetStreamManager): Promise<string[]> {
  return (await consumerBacklogs(jsm)).filter((c) => c.pending > 0 || c.unacked > 0).map((c) => `${c.stream}/${c.name} (${c.pending} pending, ${c.unacked} unacked)`);
}
