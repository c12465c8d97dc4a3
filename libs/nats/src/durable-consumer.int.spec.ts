import { startNatsServer } from '@helios/testing';
import { ensureDurableConsumer, type DurableConsumerSpec } from './durable-consumer';
import { openFixture, type NatsFixture } from './nats-fixture.testing';

jest.setTimeout(30_000);

let fx: NatsFixture;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  await fx?.stop();
});

const MS = 1_000_000;

const spec: DurableConsumerSpec = {
  stream: 'ORDER',
  durable: 'order-engine',
  filterSubjects: ['order.fill.*', 'order.reject.*'],
  ackWaitMs: 2_000,
  maxDeliver: 6,
  maxAckPending: 100,
  ackTimeoutBackoffMs: [2_000, 5_000, 20_000],
  deliverFrom: { kind: 'seq', seq: 42 },
  description: 'fills and rejects for the order engine',
};

describe('ensureDurableConsumer on a real server', () => {
  it('creates a durable pull consumer with explicit ack and reads every option back', async () => {
    const info = await ensureDurableConsumer(fx.jsm, spec);
    expect(info.config).toMatchObject({
      durable_name: 'order-engine',
      ack_policy: 'explicit',
      deliver_policy: 'by_start_sequence',
      opt_start_seq: 42,
      filter_subjects: ['order.fill.*', 'order.reject.*'],
      ack_wait: 2_000 * MS,
      max_deliver: 6,
      max_ack_pending: 100,
      backoff: [2_000 * MS, 5_000 * MS, 20_000 * MS],
      description: 'fills and rejects for the order engine',
    });
    expect(info.config.deliver_subject).toBeUndefined();
  });

  it('updates the changeable options of the same consumer in place and keeps its start position', async () => {
    const before = await ensureDurableConsumer(fx.jsm, spec);
    const after = await ensureDurableConsumer(fx.jsm, {
      ...spec,
      filterSubjects: ['order.>'],
      maxAckPending: 10,
      deliverFrom: { kind: 'all' },
    });
    expect(after.created).toBe(before.created);
    expect(after.config).toMatchObject({ filter_subjects: ['order.>'], max_ack_pending: 10, deliver_policy: 'by_start_sequence', opt_start_seq: 42 });
    expect(after.config.filter_subject).toBeUndefined();
    const again = await ensureDurableConsumer(fx.jsm, { ...spec, filterSubjects: ['order.>'], maxAckPending: 10 });
    expect(again.config).toEqual(after.config);
  });

  it('refuses a spec the server would silently rewrite or reject, naming the consumer', async () => {
    await expect(ensureDurableConsumer(fx.jsm, { ...spec, durable: 'bad', ackTimeoutBackoffMs: [1_000, 5_000] })).rejects.toThrow(
      'consumer ORDER/bad: ackTimeoutBackoffMs[0] must equal ackWaitMs',
    );
    await expect(ensureDurableConsumer(fx.jsm, { ...spec, durable: 'bad', maxDeliver: 3 })).rejects.toThrow(
      'consumer ORDER/bad: maxDeliver (3) must exceed the number of back-off steps (3)',
    );
    await expect(ensureDurableConsumer(fx.jsm, { ...spec, durable: 'risk.gate' })).rejects.toThrow(
      "consumer ORDER/risk.gate: durable name must be letters, digits, '-' or '_'",
    );
    await expect(ensureDurableConsumer(fx.jsm, { ...spec, durable: 'bad', filterSubjects: ['md.>'] })).rejects.toThrow(
      'consumer ORDER/bad: filter "md.>" matches none of the stream\'s subjects (order.>)',
    );
  });
});
