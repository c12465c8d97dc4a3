import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Envelope } from '@helios/contracts';
import type { ConsumeOptions, Delivery, Subscription } from '@helios/kernel';
import { JetStreamBus, natsConnectTarget, type JetStreamBusOptions } from '@helios/nats';
import { durableForPattern } from './durable-name';
import { JetStreamContext } from './jetstream-context';

export interface JetStreamTransportOptions {
  /** NATS server URL(s), credentials as `natsConnectTarget` reads them; ignored when `connection` is given. */
  servers?: string | string[];
  /** An open connection to use (the transport then leaves it open on close). */
  connection?: NatsConnection;
  /** Durable consumers are named `<durablePrefix>-<pattern>`; usually the service name. */
  durablePrefix: string;
  /** Dead letters go to `system.dlq.<deadLetterService>` (default: durablePrefix). */
  deadLetterService?: string;
  /** Consumer settings shared by every pattern. */
  consume?: Pick<ConsumeOptions, 'maxDeliver' | 'backoffMs' | 'ackWaitMs' | 'maxAckPending' | 'deliverFrom'>;
  bus?: Omit<JetStreamBusOptions, 'ownsConnection' | 'onError'>;
}

type TransportEvent = 'error';

/** Nest's exception filters reject with plain objects (`{ status, message }`); dead letters want a message. */
function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return new Error((err as { message: string }).message);
  return new Error(typeof err === 'string' ? err : JSON.stringify(err));
}
type TransportEvents = Record<TransportEvent, (err: unknown, context: string) => void>;

/**
 * A NestJS transport strategy on JetStream: every `@EventPattern('<subject filter>')` handler gets a
 * durable pull consumer with explicit ack. The handler receives the decoded, validated event (and a
 * JetStreamContext); resolving acks the message, throwing naks it with back-off until it is
 * dead-lettered as poison, and a message that fails validation is dead-lettered without reaching
 * the handler. Request/reply `@MessagePattern`s are refused: JetStream is a log, not RPC.
 */
export class JetStreamTransport extends Server<TransportEvents> implements CustomTransportStrategy {
  private nc: NatsConnection | undefined;
  private bus: JetStreamBus | undefined;
  private readonly subscriptions: Subscription[] = [];
  private readonly listeners: Array<TransportEvents['error']> = [];

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
    if (options === null || typeof options !== 'object' || typeof options.durablePrefix !== 'string' || !/^[A-Za-z0-9_-]+$/.test(options.durablePrefix)) {
      throw new Error(`JetStreamTransport: durablePrefix must be letters, digits, '-' or '_', got ${JSON.stringify(options?.durablePrefix)}`);
    }
    if (options.connection === undefined && options.servers === undefined) throw new Error('JetStreamTransport: give servers or connection');
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  private async start(): Promise<void> {
    this.nc = this.options.connection ?? (await connect({ ...natsConnectTarget(serverList(this.options.servers)), maxReconnectAttempts: -1, reconnectTimeWait: 250 }));
    this.bus = await JetStreamBus.create(this.nc, { ...this.options.bus, onError: (err, context) => this.report(err, context) });
    for (const [pattern, handler] of this.getHandlers()) {
      if (!handler.isEventHandler) {
        throw new Error(`JetStreamTransport: @MessagePattern(${JSON.stringify(pattern)}) is not supported; use @EventPattern (JetStream delivers events, it does not answer requests)`);
      }
      const durable = durableForPattern(this.options.durablePrefix, pattern);
      this.subscriptions.push(
        await this.bus.consume(
          { ...this.options.consume, durable, filter: pattern, deadLetterService: this.options.deadLetterService ?? this.options.durablePrefix },
          (delivery) => this.dispatch(handler, delivery),
        ),
      );
    }
  }

  private async dispatch(handler: MessageHandler, delivery: Delivery<Envelope>): Promise<void> {
    const result: unknown = await handler(delivery.event, new JetStreamContext([delivery.subject, delivery]));
    // Nest turns a thrown error into an erroring observable; waiting for it makes the failure a nak.
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined }).catch((err: unknown) => Promise.reject(asError(err)));
  }

  private report(err: unknown, context: string): void {
    if (this.listeners.length === 0) this.logger.error(`${context}: ${err instanceof Error ? err.message : String(err)}`);
    for (const listener of this.listeners) listener(err, context);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
    await this.bus?.close();
    this.bus = undefined;
    if (this.options.connection === undefined) await this.nc?.drain().catch(() => undefined);
    this.nc = undefined;
  }

  /** `error`: consumer errors no handler could see (a dead letter that failed, a stopped consumer). */
  on<K extends keyof TransportEvents>(event: K, callback: TransportEvents[K]): void {
    if (event !== 'error') throw new Error(`JetStreamTransport: unknown event ${String(event)}`);
    this.listeners.push(callback);
  }

  unwrap<T>(): T {
    if (this.nc === undefined) throw new Error('JetStreamTransport: not listening yet (no NATS connection)');
    return this.nc as T;
  }
}

function serverList(servers: string | string[] | undefined): string {
  return Array.isArray(servers) ? servers.join(',') : (servers ?? '');
}
