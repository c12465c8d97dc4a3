import type { JetStreamManager } from '@nats-io/jetstream';

/** The streams the pipeline's services consume. */
export const PIPELINE_STREAMS = ['MD', 'INDICATOR', 'STRATEGY', 'RISK', 'ORDER', 'PNL'] as const;

/** One durable consumer's work left: not yet delivered, and delivered but not acknowledged. */
export interface ConsumerBacklog {
  stream: string;
  name: string;
  pending: number;
  unacked: number;
}

/**
 * The durable consumers of the pipeline's streams and the work each has left. A service acknowledges
 * an input only after its outputs are stored (ADR 0007), so a consumer with none has had every
 * consequence of its inputs so far.
 */
export async function consumerBacklogs(jsm: JetStreamManager): Promise<ConsumerBacklog[]> {
  const out: ConsumerBacklog[] = [];
  for (const stream of PIPELINE_STREAMS) {
    for (const ci of await jsm.consumers.list(stream).next()) {
      if (ci.config.durable_name === undefined) continue;
      out.push({ stream, name: ci.name, pending: ci.num_pending, unacked: ci.num_ack_pending });
    }
  }
  return out;
}
