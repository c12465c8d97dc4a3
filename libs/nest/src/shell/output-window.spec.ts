import type { PublishItem } from '@helios/nats';
import { OutputWindow, type PendingInput } from './output-window';

/** A publish whose PubAck the test releases (or fails) by hand, in any order. */
class ManualPublisher {
  readonly sent: Array<{ id: string; store(): void; fail(err: Error): void }> = [];
  publish = (item: PublishItem): Promise<void> =>
    new Promise<void>((resolve, reject) => this.sent.push({ id: item.event.id, store: resolve, fail: reject }));
  store(id: string): void {
    const i = this.sent.findIndex((s) => s.id === id);
    if (i < 0) throw new Error(`no publish of ${id} in flight`);
    this.sent.splice(i, 1)[0].store();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const item = (id: string): PublishItem => ({ subject: 'indicator.toy.v1.X.1m', event: { id, type: 'indicator.value', v: 1, ts: 1, src: 't', run: 'live', payload: {} } });

function setUp(maxInFlight = 16) {
  const pub = new ManualPublisher();
  const log: string[] = [];
  const failures: string[] = [];
  const window = new OutputWindow({ publish: pub.publish, maxInFlight, workingEveryMs: 60_000, onFailure: (err, input) => failures.push(`${input}: ${(err as Error).message}`) });
  const input = (key: string, outputs: string[]): PendingInput => ({
    key,
    items: outputs.map(item),
    onStored: () => log.push(`stored ${key}`),
    ack: () => log.push(`ack ${key}`),
    working: () => log.push(`working ${key}`),
  });
  return { pub, log, failures, window, input };
}

describe('OutputWindow: pipelined outputs, inputs acked in order', () => {
  it('acks each input only when its outputs and every earlier input are stored, whatever order the PubAcks come in', async () => {
    const { pub, log, window, input } = setUp();
    await window.add(input('MD#1', ['a1', 'a2']));
    await window.add(input('MD#2', ['b1']));
    await window.add(input('ORDER#7', []));
    await window.add(input('MD#3', ['c1']));
    // Every output went out before any PubAck came back.
    expect(pub.sent.map((s) => s.id)).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(window.publishing).toBe(4);

    pub.store('c1');
    pub.store('b1');
    await flush();
    // Inputs 2 and 3 are stored, but input 1 is not: nothing may be acked yet.
    expect(log).toEqual(['stored ORDER#7', 'stored MD#3', 'stored MD#2']);
    pub.store('a2');
    await flush();
    expect(log.filter((l) => l.startsWith('ack'))).toEqual([]);
    pub.store('a1');
    await flush();
    expect(log.slice(3)).toEqual(['stored MD#1', 'ack MD#1', 'ack MD#2', 'ack ORDER#7', 'ack MD#3']);
    expect(window.pending).toBe(0);
    await window.idle();
  });

  it('an input without outputs behind a waiting one waits too; with nothing ahead it is acked at once', async () => {
    const { pub, log, window, input } = setUp();
    await window.add(input('MD#1', []));
    expect(log).toEqual(['stored MD#1', 'ack MD#1']);
    await window.add(input('MD#2', ['x']));
    await window.add(input('MD#3', []));
    expect(log.slice(2)).toEqual(['stored MD#3']);
    pub.store('x');
    await flush();
    expect(log.slice(3)).toEqual(['stored MD#2', 'ack MD#2', 'ack MD#3']);
  });

  it('a redelivery of a waiting input is acked with it, not before', async () => {
    const { pub, log, window, input } = setUp();
    await window.add(input('MD#1', ['x']));
    const redelivered: string[] = [];
    expect(window.joinWaiting('MD#1', () => redelivered.push('MD#1 again'))).toBe(true);
    expect(window.joinWaiting('MD#9', () => redelivered.push('MD#9'))).toBe(false);
    expect(redelivered).toEqual([]);
    pub.store('x');
    await flush();
    expect(log).toEqual(['stored MD#1', 'ack MD#1']);
    expect(redelivered).toEqual(['MD#1 again']);
    expect(window.joinWaiting('MD#1', () => undefined)).toBe(false);
  });

  it('holds admission at maxInFlight outstanding publishes and lets the next input in when one is stored', async () => {
    const { pub, window, input } = setUp(2);
    await window.add(input('MD#1', ['a']));
    let admitted = false;
    void window.add(input('MD#2', ['b'])).then(() => (admitted = true));
    await flush();
    expect(admitted).toBe(false);
    pub.store('a');
    await flush();
    expect(admitted).toBe(true);
  });

  it('after a failed publish acks nothing more, reports the first failure once, is idle when nothing is in flight, and refuses inputs until reset', async () => {
    const { pub, log, failures, window, input } = setUp();
    await window.add(input('MD#1', ['a']));
    await window.add(input('MD#2', ['b']));
    await window.add(input('MD#3', ['c']));
    pub.sent.find((s) => s.id === 'b')?.fail(new Error('no stream'));
    pub.sent.find((s) => s.id === 'c')?.fail(new Error('no stream either'));
    pub.store('a');
    await flush();
    expect(window.broken).toBe(true);
    expect(failures).toEqual(['MD#2: no stream']);
    // Input 1's outputs were stored, but after the failure nothing is acked: the rebuild replays it.
    expect(log).toEqual([]);
    await window.idle();
    expect(() => window.add(input('MD#4', []))).toThrow(/must be reset/);
    window.reset();
    await window.add(input('MD#4', []));
    expect(log).toEqual(['stored MD#4', 'ack MD#4']);
  });

  it('tells the server every waiting input is still being worked on', async () => {
    jest.useFakeTimers();
    try {
      const pub = new ManualPublisher();
      const worked: string[] = [];
      const window = new OutputWindow({ publish: pub.publish, maxInFlight: 8, workingEveryMs: 1_000, onFailure: () => undefined });
      const input = (key: string): PendingInput => ({ key, items: [item(key)], ack: () => undefined, working: () => worked.push(key) });
      void window.add(input('MD#1'));
      void window.add(input('MD#2'));
      jest.advanceTimersByTime(1_000);
      expect(worked).toEqual(['MD#1', 'MD#2']);
      window.close();
      jest.advanceTimersByTime(5_000);
      expect(worked).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
