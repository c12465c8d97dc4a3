import { encodeEvent } from './codec';
import { createEvent } from './create-event';
import { examples } from './examples';
import { ContractViolationError } from './issues';
import type { EventType } from './registry';
import type { OrderNewPayload } from './events/orders';

const meta = { id: 'f1e2d3c4b5a697887766554433221100', ts: 1_704_067_200_000, src: 'market-data', run: 'live' };

describe('createEvent', () => {
  it('builds an envelope at the current version with a fixed key order', () => {
    const event = createEvent('md.candle', examples['md.candle'], { ...meta, cause: 'c0', corr: 'k0' });
    expect(event.v).toBe(2);
    expect(Object.keys(event)).toEqual(['id', 'type', 'v', 'ts', 'src', 'run', 'corr', 'cause', 'payload']);
    expect(event.payload).toBe(examples['md.candle']);
  });

  it('leaves out corr and cause when not given, so equal inputs encode to equal bytes', () => {
    const a = createEvent('md.tick', { ...examples['md.tick'] }, meta);
    const b = createEvent('md.tick', { ...examples['md.tick'] }, { ...meta });
    expect(Object.keys(a)).toEqual(['id', 'type', 'v', 'ts', 'src', 'run', 'payload']);
    expect(encodeEvent(a)).toEqual(encodeEvent(b));
  });

  it('throws a ContractViolationError naming every broken rule of payload and meta', () => {
    const payload = { ...examples['order.new'], qty: 0 } as OrderNewPayload;
    let error: unknown;
    try {
      createEvent('order.new', payload, { ...meta, ts: -1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ContractViolationError);
    const violation = error as ContractViolationError;
    expect(violation.issues.map((i) => [i.path, i.rule])).toEqual([
      ['/ts', 'minimum'],
      ['/payload/qty', 'exclusiveMinimum'],
    ]);
    expect(violation.message).toBe(
      'createEvent(order.new) is invalid: /ts: must be >= 0 [minimum]; /payload/qty: must be > 0 [exclusiveMinimum]',
    );
  });

  it('refuses an unknown type with the type named', () => {
    expect(() => createEvent('md.trade' as EventType, {} as never, meta)).toThrow('createEvent: unknown event type "md.trade"');
  });
});
