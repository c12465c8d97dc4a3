import type { Envelope } from '@helios/contracts';
import type { Delivery, StoredEvent } from '../ports/bus';

export const UNSETTLED = 0;
export const ACKED = 1;
export const NAKED = 2;
export const TERMINATED = 3;
export type Settlement = typeof UNSETTLED | typeof ACKED | typeof NAKED | typeof TERMINATED;

/**
 * One delivery attempt. Methods live on the prototype (no per-message closures). The first
 * settlement wins; once the handler has returned the bus seals the outcome, so a late call is a no-op.
 */
export class InMemoryDelivery<E extends Envelope = Envelope> implements Delivery<E> {
  readonly stream: string;
  readonly subject: string;
  readonly seq: number;
  readonly storedAt: number;
  readonly event: E;
  settlement: Settlement = UNSETTLED;
  termReason = '';

  constructor(
    stored: StoredEvent,
    readonly deliveryCount: number,
  ) {
    this.stream = stored.stream;
    this.subject = stored.subject;
    this.seq = stored.seq;
    this.storedAt = stored.storedAt;
    this.event = stored.event as E;
  }

  ack(): void {
    if (this.settlement === UNSETTLED) this.settlement = ACKED;
  }

  // The delay is not honoured: the in-memory bus redelivers at once (see MemorySubscription).
  nak(_delayMs?: number): void {
    if (this.settlement === UNSETTLED) this.settlement = NAKED;
  }

  term(reason: string): void {
    if (this.settlement === UNSETTLED) {
      this.settlement = TERMINATED;
      this.termReason = String(reason);
    }
  }

  /** Applies the port's rule (resolve acks, throw naks) unless the handler settled it itself. */
  seal(threw: boolean): Settlement {
    if (this.settlement === UNSETTLED) this.settlement = threw ? NAKED : ACKED;
    return this.settlement;
  }
}
