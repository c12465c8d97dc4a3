import 'reflect-metadata';
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { subjects, type HeliosEvent } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { marketOrder, openFixture, readStream, waitFor, type NatsFixture } from '../../spec-support/nats-fixture';
import { JetStreamContext } from './jetstream-context';
import { JetStreamTransport } from './jetstream-transport';
import { KeepRpcErrors } from './keep-rpc-errors';

jest.setTimeout(30_000);

let fx: NatsFixture;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  await fx?.stop();
});

interface Seen {
  clientOrderId: string;
  subject: string;
  seq: number;
  deliveryCount: number;
}

const seen: Seen[] = [];
const FAIL_ONCE = 'co-fail-once';
const ALWAYS_FAIL = 'co-always-fail';

@Controller()
class OrdersController {
  @EventPattern('order.new.*')
  onOrder(@Payload() event: HeliosEvent<'order.new'>, @Ctx() ctx: JetStreamContext): void {
    const d = ctx.getDelivery();
    seen.push({ clientOrderId: event.payload.clientOrderId, subject: ctx.getSubject(), seq: d.seq, deliveryCount: d.deliveryCount });
    if (event.payload.clientOrderId === FAIL_ONCE && d.deliveryCount === 1) throw new Error('transient failure');
    if (event.payload.clientOrderId === ALWAYS_FAIL) throw new Error('this order always fails');
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

function order(n: number, clientOrderId = `co-${n}`): HeliosEvent<'order.new'> {
  const e = marketOrder(n, { account: 'nest', qty: 1, ts: 1_704_067_200_000 + n });
  return { ...e, payload: { ...e.payload, clientOrderId } } as HeliosEvent<'order.new'>;
}

describe('JetStreamTransport (NestJS custom transport strategy)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await NestFactory.create(OrdersModule, { logger: false, abortOnError: false });
    app.useGlobalFilters(new KeepRpcErrors());
    app.connectMicroservice(
      {
        strategy: new JetStreamTransport({
          servers: fx.url,
          durablePrefix: 'nest-test',
          consume: { maxDeliver: 2, backoffMs: [50], ackWaitMs: 2_000 },
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('delivers each event to its @EventPattern handler through a durable pull consumer, in order, and acks it', async () => {
    const orders = [1, 2, 3, 4, 5].map((n) => order(n));
    for (const e of orders) await fx.publisher.publish(subjects.order('new', 'nest'), e);
    await waitFor('5 handled', () => seen.length >= 5 || undefined);
    expect(seen.map((s) => s.clientOrderId)).toEqual(['co-1', 'co-2', 'co-3', 'co-4', 'co-5']);
    expect(seen.every((s) => s.subject === 'order.new.nest' && s.deliveryCount === 1)).toBe(true);
    const info = await fx.jsm.consumers.info('ORDER', 'nest-test-order_new_any');
    expect(info.config).toMatchObject({ ack_policy: 'explicit', filter_subjects: ['order.new.*'], max_deliver: 3 });
    await waitFor('all acked', async () => {
      const i = await fx.jsm.consumers.info('ORDER', 'nest-test-order_new_any');
      return i.num_ack_pending + i.num_pending === 0 || undefined;
    });
  });

  it('redelivers after a handler error, and dead-letters an event that keeps failing as poison', async () => {
    seen.length = 0;
    await fx.publisher.publish(subjects.order('new', 'nest'), order(6, FAIL_ONCE));
    await fx.publisher.publish(subjects.order('new', 'nest'), order(7, ALWAYS_FAIL));
    const letter = await waitFor('the poison dead letter', async () =>
      (await readStream(fx, subjects.dlq('nest-test'))).map((m) => m.event as HeliosEvent<'system.dlq'>).find((e) => e.payload.reason === 'poison'),
    );
    expect(letter.payload.message).toMatch(/this order always fails/);
    expect(seen.filter((s) => s.clientOrderId === FAIL_ONCE).map((s) => s.deliveryCount)).toEqual([1, 2]);
    expect(seen.filter((s) => s.clientOrderId === ALWAYS_FAIL).map((s) => s.deliveryCount)).toEqual([1, 2]);
  });

  it('without KeepRpcErrors, Nest hides the message: the dead letter still names the failure', async () => {
    const plain = await NestFactory.create(OrdersModule, { logger: false, abortOnError: false });
    plain.connectMicroservice({ strategy: new JetStreamTransport({ servers: fx.url, durablePrefix: 'nest-plain', consume: { maxDeliver: 1 } }) });
    try {
      await plain.startAllMicroservices();
      const letter = await waitFor('the plain poison dead letter', async () =>
        (await readStream(fx, subjects.dlq('nest-plain'))).map((m) => m.event as HeliosEvent<'system.dlq'>).find((e) => e.payload.reason === 'poison'),
      );
      expect(letter.payload.message).toBe('Error: Internal server error');
    } finally {
      await plain.close();
    }
  });

  it('dead-letters a message that does not validate without calling the handler', async () => {
    seen.length = 0;
    const ack = await fx.js.publish(subjects.order('new', 'nest'), '{"not": "an event"}');
    const letter = await waitFor('the invalid-envelope dead letter', async () =>
      (await readStream(fx, subjects.dlq('nest-test'))).map((m) => m.event as HeliosEvent<'system.dlq'>).find((e) => e.payload.originalSeq === ack.seq),
    );
    expect(letter.payload.reason).toBe('invalid-envelope');
    await fx.publisher.publish(subjects.order('new', 'nest'), order(8));
    await waitFor('the next order handled', () => seen.some((s) => s.clientOrderId === 'co-8') || undefined);
    expect(seen.map((s) => s.clientOrderId)).toEqual(['co-8']);
  });

  it('refuses request/reply @MessagePattern handlers with a clear error', async () => {
    @Controller()
    class RpcController {
      @MessagePattern('order.new.*')
      answer(): string {
        return 'no';
      }
    }
    @Module({ controllers: [RpcController] })
    class RpcModule {}
    const rpc = await NestFactory.createMicroservice(RpcModule, {
      strategy: new JetStreamTransport({ servers: fx.url, durablePrefix: 'rpc' }),
      logger: false,
      abortOnError: false,
    });
    await expect(rpc.listen()).rejects.toThrow(/@MessagePattern\("order\.new\.\*"\) is not supported; use @EventPattern/);
    await rpc.close();
  });
});
