import { deadLetter, type Envelope } from '@helios/contracts';
import type { StoredEvent } from '../ports/bus';

/** What the bus knows when it dead-letters a message a handler could not process. */
export interface DeadLetterRequest {
  /** Dead letters go to `system.dlq.<service>`. */
  service: string;
  /** `poison`: every allowed attempt failed; `handler-error`: the handler terminated the message. */
  reason: 'poison' | 'handler-error';
  message: string;
  original: StoredEvent;
  deliveryCount: number;
  /** Bus-clock time of the decision. */
  ts: number;
}

export type DeadLetterFactory = (request: DeadLetterRequest) => Envelope;

/**
 * The contracts' `system.dlq` event for a stored message, the same one the JetStream consumer
 * publishes. Its id depends on the service, subject and sequence, so dead-lettering the same message
 * twice is de-duplicated by the bus.
 */
export const buildDeadLetter: DeadLetterFactory = ({ service, reason, message, original, deliveryCount, ts }) =>
  deadLetter({
    service,
    failure: { reason, message, raw: JSON.stringify(original.event) },
    originalSubject: original.subject,
    originalSeq: original.seq,
    deliveryCount,
    ts,
    run: original.event.run,
    cause: original.event.id,
  });
