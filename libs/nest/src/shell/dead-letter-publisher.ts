import type { JetStreamClient } from '@nats-io/jetstream';
import type { Envelope } from '@helios/contracts';
import type { PublishAck } from '@helios/kernel';
import { Publisher, type PublisherOptions } from '@helios/nats';

export interface DeadLetterNotice {
  subject: string;
  reason: string;
  message: string;
  originalSubject: string;
  originalSeq?: number;
}

/**
 * The publisher the durable consumers dead-letter through: a Publisher that also reports each dead
 * letter stored for the first time (a re-published one is a JetStream duplicate and not reported
 * again), so that the service can count and log it.
 */
export class DeadLetterPublisher extends Publisher {
  constructor(
    js: JetStreamClient,
    private readonly onDeadLetter: (notice: DeadLetterNotice) => void,
    opts?: PublisherOptions,
  ) {
    super(js, opts);
  }

  override async publish(subject: string, event: Envelope): Promise<PublishAck> {
    const ack = await super.publish(subject, event);
    if (!ack.duplicate && event.type === 'system.dlq') {
      const p = event.payload as { reason: string; message: string; originalSubject: string; originalSeq?: number };
      this.onDeadLetter({ subject, reason: p.reason, message: p.message, originalSubject: p.originalSubject, originalSeq: p.originalSeq });
    }
    return ack;
  }
}
