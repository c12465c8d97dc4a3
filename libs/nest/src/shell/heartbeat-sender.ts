import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { createEvent, eventId, subjects } from '@helios/contracts';
import { describeError, type Publisher } from '@helios/nats';
import { heartbeatPayload, RateMeter, type HeartbeatStatus } from './heartbeat';
import { RunScope } from './run-scope';

/** What a heartbeat reports, read from the service at the moment it is sent. */
export interface HeartbeatReading {
  status: HeartbeatStatus;
  lagMsgs: number;
  eventsIn: number;
  eventsOut: number;
  latencyMsP50?: number;
  latencyMsP99?: number;
  pnl?: number;
  details: Record<string, unknown>;
}

export interface HeartbeatSenderOptions {
  service: string;
  instance: string;
  run: string;
  /** A scoped service beats on `bt.<run>.system.heartbeat.…` and under `bt.<run>.` in KV. */
  scope?: RunScope;
  startedAt: number;
  /** The node the process runs on (the instance claim's node). */
  node?: string;
  intervalMs: number;
  publisher: Publisher;
  /** Also kept in KV `helios-health` under `<service>.<instance>` when given. */
  healthKv?: KV;
  read(): Promise<HeartbeatReading>;
  logger: Logger;
}

/** Publishes `system.heartbeat.<service>.<instance>` every interval and on demand, one at a time. */
export class HeartbeatSender {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = false;
  private seq = 0;
  private readonly inRate = new RateMeter();
  private readonly outRate = new RateMeter();

  constructor(private readonly o: HeartbeatSenderOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      // A slow server must not pile heartbeats up.
      if (!this.inFlight) void this.beatNow();
    }, this.o.intervalMs);
    void this.beatNow();
  }

  /** Sends one after the one in flight, so that a command's effect shows at once. */
  beatNow(): Promise<void> {
    this.inFlight = true;
    this.chain = this.chain
      .then(() => this.send())
      .catch((err) => this.o.logger.debug({ err: describeError(err) }, 'heartbeat not sent'))
      .finally(() => (this.inFlight = false));
    return this.chain;
  }

  /** Stops the timer and sends a last heartbeat (status `stopped`, normally). */
  async finish(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.beatNow();
  }

  private async send(): Promise<void> {
    const reading = await this.o.read();
    const now = Date.now();
    const payload = heartbeatPayload({
      service: this.o.service,
      instance: this.o.instance,
      status: reading.status,
      lagMsgs: reading.lagMsgs,
      msgsInPerSec: this.inRate.rate(reading.eventsIn, now),
      msgsOutPerSec: this.outRate.rate(reading.eventsOut, now),
      latencyMsP50: reading.latencyMsP50,
      latencyMsP99: reading.latencyMsP99,
      pnl: reading.pnl,
      startedAt: this.o.startedAt,
      node: this.o.node,
      details: reading.details,
    });
    const event = createEvent('system.heartbeat', payload, {
      id: eventId('heartbeat', this.o.service, this.o.instance, this.o.startedAt, this.seq++),
      ts: now,
      src: this.o.service,
      run: this.o.run,
    });
    const scope = this.o.scope ?? RunScope.NONE;
    void this.o.healthKv?.put(scope.key(`${this.o.service}.${this.o.instance}`), JSON.stringify(payload)).catch(() => undefined);
    await this.o.publisher.publish(scope.subject(subjects.heartbeat(this.o.service, this.o.instance)), event);
  }
}
