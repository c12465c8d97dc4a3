import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import type { PublishAck } from '@helios/kernel';

/**
 * Errors named like the client library's, so that `isRetryablePublishError` and the Publisher's
 * no-stream check judge them exactly as they judge `js.publish`'s (they go by `name` and `code`).
 */
export class PubAckTimeoutError extends Error {
  constructor(subject: string, timeoutMs: number) {
    super(`timeout: no PubAck for a publish to "${subject}" within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export class PubAckApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: number,
    description: string,
    name = 'JetStreamApiError',
  ) {
    super(description);
    this.name = name;
  }
}

class NoStreamAnswered extends Error {
  constructor(subject: string) {
    super(`jetstream is not enabled (nobody answered a publish to "${subject}")`);
    this.name = 'JetStreamNotEnabled';
  }
}

class Disconnected extends Error {
  constructor() {
    super('connection disconnected');
    this.name = 'RequestError';
  }
}

interface Waiting {
  subject: string;
  timeoutMs: number;
  deadline: number;
  resolve: (ack: PublishAck) => void;
  reject: (err: Error) => void;
}

const JS_NOT_ENABLED_FOR_ACCOUNT = 10039;
const SWEEP_MS = 100;

/**
 * JetStream publishes with their PubAcks multiplexed on one wildcard inbox subscription. `js.publish`
 * goes through the client's request/reply, which per publish arms a timer, builds a deferred and,
 * when the answer arrives, cancels the request by creating (and capturing the stack of) an Error
 * that nobody sees: in the service shell that was the largest single cost of a publish (ADR 0012).
 * Here a publish is one map entry; one interval timer expires them all.
 *
 * Semantics are `js.publish`'s: `Nats-Msg-Id` de-duplication, a PubAck or an API error (same name
 * and `code`), no responders (no stream captures the subject, or its leader is being elected) as
 * `JetStreamNotEnabled`, and a `TimeoutError` after `timeoutMs`. A dropped connection rejects what
 * is waiting at once (`RequestError: connection disconnected`), as the client's requests do.
 */
export class PubAckMux {
  private readonly prefix: string;
  private readonly sub: Subscription;
  private readonly waiting = new Map<string, Waiting>();
  private next = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly nc: NatsConnection) {
    this.prefix = `${createInbox()}.`;
    this.sub = nc.subscribe(`${this.prefix}*`, { callback: (err, msg) => (err ? this.failAll(err) : this.answer(msg)) });
    void this.watchConnection();
  }

  publish(subject: string, data: Uint8Array, msgId: string, timeoutMs: number): Promise<PublishAck> {
    if (this.closed) return Promise.reject(new Error(`PubAckMux: closed; cannot publish to "${subject}"`));
    const token = (this.next++).toString(36);
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    return new Promise<PublishAck>((resolve, reject) => {
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers: h });
      } catch (err) {
        reject(err as Error);
        return;
      }
      this.waiting.set(token, { subject, timeoutMs, deadline: performance.now() + timeoutMs, resolve, reject });
      this.sweeper ??= setInterval(() => this.expire(), SWEEP_MS).unref();
    });
  }

  /** Publishes awaiting their PubAck. */
  get pending(): number {
    return this.waiting.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sub.unsubscribe();
    } catch {
      // The connection is closed already: so is the subscription.
    }
    this.failAll(new Error('PubAckMux: closed while waiting for the PubAck'));
  }

  private answer(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const w = this.waiting.get(token);
    if (w === undefined) return; // expired already
    this.waiting.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      w.reject(new NoStreamAnswered(w.subject));
      return;
    }
    let body: { stream?: string; seq?: number; duplicate?: boolean; error?: { code: number; err_code: number; description: string } };
    try {
      body = msg.json();
    } catch (err) {
      w.reject(new Error(`invalid PubAck for a publish to "${w.subject}": ${(err as Error).message}`));
      return;
    }
    if (body.error !== undefined) {
      const e = body.error;
      w.reject(new PubAckApiError(e.err_code, e.code, e.description, e.err_code === JS_NOT_ENABLED_FOR_ACCOUNT ? 'JetStreamNotEnabled' : 'JetStreamApiError'));
      return;
    }
    if (typeof body.stream !== 'string' || body.stream === '' || typeof body.seq !== 'number') {
      w.reject(new Error(`invalid PubAck for a publish to "${w.subject}": ${JSON.stringify(body)}`));
      return;
    }
    w.resolve({ stream: body.stream, seq: body.seq, duplicate: body.duplicate === true });
  }

  private expire(): void {
    const now = performance.now();
    for (const [token, w] of this.waiting) {
      if (w.deadline > now) continue;
      this.waiting.delete(token);
      w.reject(new PubAckTimeoutError(w.subject, w.timeoutMs));
    }
    if (this.waiting.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private failAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(err);
  }

  private async watchConnection(): Promise<void> {
    try {
      for await (const s of this.nc.status()) {
        if (s.type === 'disconnect') this.failAll(new Disconnected());
      }
    } catch {
      // The status iterator ends with the connection either way.
    }
    this.close();
  }
}
