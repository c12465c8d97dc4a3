import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { createEvent, decodeEvent, eventId, filters, isId, nodeName, subjects, type HeartbeatPayload, type HeliosEvent } from '@helios/contracts';
import { describeError, type Publisher } from '@helios/nats';

export type FeedPhase = 'starting' | 'feeding' | 'done' | 'stopping' | 'stopped';

export interface FeedReading {
  phase: FeedPhase;
  paused: boolean;
  /** Events stored so far (the out rate is computed from it). */
  eventsOut: number;
  details: Record<string, unknown>;
}

export interface FeedStatusOptions {
  service: string;
  instance: string;
  run: string;
  nc: NatsConnection;
  publisher: Publisher;
  healthKv?: KV;
  httpPort: number;
  intervalMs?: number;
  logger: Logger;
  read(): FeedReading;
  onCommand(command: 'stop' | 'pause' | 'resume'): void;
}

/**
 * What a source needs of the service shell, without a decider: heartbeats every second (status,
 * msgs/s out), `system.cmd.<service>.<instance|_all>` (stop, pause, resume), and `/healthz` +
 * `/metrics` on a loopback port. libs/nest keeps its equivalents internal to `createService`.
 */
export class FeedStatus {
  private timer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private subs: Subscription[] = [];
  private seq = 0;
  private readonly startedAt = Date.now();
  /** The node the feed runs on, named in its heartbeats as the service shell names it (none when not an id). */
  private readonly node = nodeName(process.env, hostname());
  private last = { at: this.startedAt, out: 0 };
  private rate = 0;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly o: FeedStatusOptions) {}

  get httpPort(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const r = this.o.read();
      if (req.url === '/healthz') {
        const ok = this.o.nc.isClosed() === false && !r.paused && (r.phase === 'feeding' || r.phase === 'done');
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: this.status(r), phase: r.phase, ...r.details }));
      } else if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(`# TYPE helios_events_out_total counter\nhelios_events_out_total{service="${this.o.service}",instance="${this.o.instance}"} ${r.eventsOut}\n`);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.o.httpPort, '127.0.0.1', () => resolve());
    });
    this.subs = filters.commandsFor(this.o.service, this.o.instance).map((subject) =>
      this.o.nc.subscribe(subject, { callback: (err, msg) => (err ? undefined : this.command(msg.data, msg.reply ? (t) => msg.respond(t) : undefined)) }),
    );
    this.timer = setInterval(() => void this.beat(), this.o.intervalMs ?? 1_000);
    void this.beat();
  }

  beat(): Promise<void> {
    this.sending = this.sending.then(() => this.send()).catch((err: unknown) => this.o.logger.debug({ err: describeError(err) }, 'heartbeat not sent'));
    return this.sending;
  }

  /** Stops listening and sends the last (`stopped`) heartbeat. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const s of this.subs) s.unsubscribe();
    await this.beat();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private status(r: FeedReading): HeartbeatPayload['status'] {
    if (r.phase === 'stopping' || r.phase === 'stopped') return 'stopped';
    if (r.paused) return 'paused';
    if (r.phase === 'starting') return 'warning';
    return 'healthy';
  }

  private async send(): Promise<void> {
    const r = this.o.read();
    const now = Date.now();
    if (now > this.last.at) this.rate = ((r.eventsOut - this.last.out) * 1000) / (now - this.last.at);
    this.last = { at: now, out: r.eventsOut };
    const payload: HeartbeatPayload = {
      service: this.o.service,
      instance: this.o.instance,
      status: this.status(r),
      lagMsgs: 0,
      msgsInPerSec: 0,
      msgsOutPerSec: Math.round(this.rate * 100) / 100,
      startedAt: this.startedAt,
      ...(isId(this.node) ? { node: this.node } : {}),
      details: { phase: r.phase, httpPort: this.httpPort, eventsOut: r.eventsOut, ...r.details },
    };
    const event = createEvent('system.heartbeat', payload, {
      id: eventId('heartbeat', this.o.service, this.o.instance, this.startedAt, this.seq++),
      ts: now,
      src: this.o.service,
      run: this.o.run,
    });
    void this.o.healthKv?.put(`${this.o.service}.${this.o.instance}`, JSON.stringify(payload)).catch(() => undefined);
    await this.o.publisher.publish(subjects.heartbeat(this.o.service, this.o.instance), event);
  }

  private command(data: Uint8Array, reply?: (text: string) => void): void {
    const decoded = decodeEvent(data);
    const answer = (ok: boolean, error?: string) => reply?.(JSON.stringify(error === undefined ? { ok } : { ok, error }));
    if (!decoded.ok || decoded.event.type !== 'system.cmd') {
      const why = decoded.ok ? `a ${decoded.event.type} event is not a command` : `${decoded.reason}: ${decoded.message}`;
      this.o.logger.warn({ why }, 'invalid command ignored');
      answer(false, why);
      return;
    }
    const { command } = (decoded.event as HeliosEvent<'system.cmd'>).payload;
    this.o.logger.info({ command }, 'command');
    if (command === 'reconfigure') {
      answer(false, `${this.o.service} takes its source from its flags; restart it to change them`);
      return;
    }
    answer(true);
    this.o.onCommand(command);
    void this.beat();
  }
}
