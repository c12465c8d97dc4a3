import { play, step } from '@helios/domain-core';
import { createPortfolioDecider, summaryOf, type PortfolioState } from '@helios/domain-portfolio';
import { subjects, type HeliosEvent } from '@helios/contracts';
import { spawnService, type SpawnedService } from '@helios/nest';
import { ACCOUNT, bar, closeOf, order, session, subjectOf } from '../spec-support/events';
import { startNatsServer } from '@helios/testing';
import { collect, consumedThrough, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';
import { DEFAULT_EXCHANGE_CONFIG } from './exchange-config';
import { paperExchangeDecider } from './paper-exchange-service';

jest.setTimeout(60_000);

/**
 * paper-exchange and portfolio as real processes over a real nats-server: the test plays the
 * market-data feed and the order engine, and checks every event the services publish against the
 * same events run through the deciders in-process.
 */

const PORTFOLIO_CONFIG = { initialCapital: { 'sma-cross': 10_000, 'mean-reversion': 5_000 } };
const MAX_EVENT_BYTES = 8_192;

let fx: Fixture;
let exchange: SpawnedService;
let portfolio: SpawnedService;
const heartbeats: { events: HeliosEvent[]; close(): void }[] = [];

type Beat = HeliosEvent<'system.heartbeat'>['payload'];
const beatsOf = (i: number) => heartbeats[i].events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload);

async function waitLive(p: SpawnedService, beats: number, name: string): Promise<Beat> {
  return waitFor(
    `${name} to be live`,
    () => {
      if (p.child.exitCode !== null) throw new Error(`${name} exited (${p.child.exitCode}):\n${p.stderr()}\n${p.stdout().slice(-3000)}`);
      return beatsOf(beats).find((b) => (b.details as { phase: string }).phase === 'live');
    },
    30_000,
  );
}

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  heartbeats.push(collect(fx.nc, subjects.heartbeat('paper-exchange', 'it')), collect(fx.nc, subjects.heartbeat('portfolio', 'it')));
  const common = ['--nats', fx.url, '--instance', 'it', '--max-event-bytes', String(MAX_EVENT_BYTES), '--log-level', 'warn'];
  exchange = spawnService('apps/paper-exchange/src/main.ts', common);
  portfolio = spawnService('apps/portfolio/src/main.ts', [...common, '--config', JSON.stringify(PORTFOLIO_CONFIG)]);
  await Promise.all([waitLive(exchange, 0, 'paper-exchange'), waitLive(portfolio, 1, 'portfolio')]);
});

afterAll(async () => {
  for (const h of heartbeats) h.close();
  await Promise.all([exchange?.kill(), portfolio?.kill()]);
  await fx?.stop();
});

/** Feeds one input and waits until the exchange has applied it, so the exchange sees the inputs in this order. */
async function feed(e: HeliosEvent): Promise<number> {
  const ack = await fx.publisher.publish(subjectOf(e), e);
  await consumedThrough(fx, ack.stream, `paper-exchange-it-${ack.stream}`, ack.seq);
  return ack.seq;
}

const EXCHANGE_TYPES = new Set(['order.ack', 'order.reject', 'order.fill', 'order.cancel']);

/** The exchange decider over the inputs, in order: every event it emits. */
function exchangeReference(inputs: readonly HeliosEvent[]): HeliosEvent[] {
  return play(paperExchangeDecider(DEFAULT_EXCHANGE_CONFIG), inputs).outputs;
}

/**
 * The order the portfolio applied its inputs in. Within a stream it is the stream's order; across
 * ORDER and MD it shows in the causes of its outputs (every closed bar and every fill has outputs).
 * Order events without outputs (new, reject, cancel) go just before the next ORDER event that has.
 */
function portfolioInputOrder(orderStream: HeliosEvent[], candles: HeliosEvent[], pnl: HeliosEvent[]): HeliosEvent[] {
  const causes = [...new Set(pnl.map((e) => e.cause as string))];
  const orders = [...orderStream];
  const bars = [...candles];
  const applied: HeliosEvent[] = [];
  for (const cause of causes) {
    const queue = bars.some((b) => b.id === cause) ? bars : orders;
    const at = queue.findIndex((e) => e.id === cause);
    if (at === -1) throw new Error(`an output's cause ${cause} is not an input of the portfolio`);
    applied.push(...queue.splice(0, at + 1));
  }
  return [...applied, ...orders, ...bars];
}

function portfolioReference(inputs: readonly HeliosEvent[]): { outputs: HeliosEvent[]; state: PortfolioState } {
  const d = createPortfolioDecider({ ...PORTFOLIO_CONFIG, defaultCapital: 10_000, recordCurve: false, emitEveryBar: true });
  let state = d.initialState();
  const outputs: HeliosEvent[] = [];
  for (const e of inputs) {
    const r = step(d, state, e as never);
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { outputs, state };
}

describe('paper trading across the paper-exchange and portfolio processes', () => {
  const inputs = [...session(), order(4, 'o-6', 'buy', { type: 'limit', qty: 0.01, limitPrice: 30_000 }), bar(6, 40_450, 40_500)];
  // An IOC limit far below the market: acked, then cancelled by the next bar.
  inputs[inputs.length - 2] = { ...inputs[inputs.length - 2], payload: { ...(inputs[inputs.length - 2].payload as object), timeInForce: 'IOC' } } as HeliosEvent;

  it('publishes exactly the fills and P&L events the deciders give for the same inputs', async () => {
    for (const e of inputs) await feed(e);

    const expectedExchange = exchangeReference(inputs);
    expect(expectedExchange.map((e) => e.type).sort()).toEqual(
      expect.arrayContaining(['order.ack', 'order.cancel', 'order.fill', 'order.reject']),
    );
    const orderStream = await waitFor('the exchange outputs', async () => {
      const stored = (await readStream(fx, 'order.>')).map((m) => m.event);
      return stored.filter((e) => EXCHANGE_TYPES.has(e.type)).length >= expectedExchange.length ? stored : undefined;
    });
    expect(orderStream.filter((e) => EXCHANGE_TYPES.has(e.type))).toEqual(expectedExchange);

    // The portfolio reads every order event but the acks.
    const storedOrders = (await readStream(fx, 'order.>')).filter((m) => m.event.type !== 'order.ack');
    await consumedThrough(fx, 'ORDER', 'portfolio-it-ORDER', (storedOrders.at(-1) as { seq: number }).seq);
    await consumedThrough(fx, 'MD', 'portfolio-it-MD', (await fx.jsm.streams.info('MD')).state.last_seq);

    const pnl = (await readStream(fx, 'pnl.>')).map((m) => m.event);
    const candles = inputs.filter((e) => e.type === 'md.candle');
    const applied = portfolioInputOrder(storedOrders.map((m) => m.event), candles, pnl);
    const reference = portfolioReference(applied);
    expect(pnl).toEqual(reference.outputs);
    expect(pnl.filter((e) => e.type === 'pnl.update').map((e) => (e as HeliosEvent<'pnl.update'>).payload.strategyId)).toEqual(
      expect.arrayContaining(['sma-cross', 'mean-reversion']),
    );

    const s = summaryOf(reference.state);
    const expectedPnl = s.realized - s.fees + s.unrealized;
    expect(expectedPnl).not.toBe(0);
    const beat = await waitFor('a portfolio heartbeat with every input applied', () =>
      beatsOf(1).find((b) => (b.details as { eventsIn: number }).eventsIn === applied.length),
    );
    expect(beat.pnl).toBe(expectedPnl);
    expect(beat.status).toBe('healthy');
    const exchangeBeat = await waitFor('an exchange heartbeat with every input applied', () =>
      beatsOf(0).find((b) => (b.details as { eventsIn: number }).eventsIn === inputs.length),
    );
    expect(exchangeBeat.pnl).toBeUndefined();
    expect(exchangeBeat.status).toBe('healthy');
  });

  describe('bad input on order.new (read by both services) goes to each one\'s dead-letter subject, and both keep going', () => {
    let n = 100;

    async function sendBad(bad: string): Promise<{ exchange: HeliosEvent<'system.dlq'>['payload']; portfolio: HeliosEvent<'system.dlq'>['payload'] }> {
      const subject = subjects.order('new', ACCOUNT);
      const ack = await fx.js.publish(subject, bad);
      const next = order(6, `o-${n++}`, 'buy', { type: 'limit', qty: 0.01, limitPrice: 1_000 });
      const nextAck = await fx.publisher.publish(subject, next);
      const letterOf = async (service: string) =>
        (await readStream(fx, subjects.dlq(service))).map((m) => (m.event as HeliosEvent<'system.dlq'>).payload).find((p) => p.originalSeq === ack.seq);
      const letters = await waitFor('both dead letters', async () => {
        const [e, p] = await Promise.all([letterOf('paper-exchange'), letterOf('portfolio')]);
        return e && p ? { exchange: e, portfolio: p } : undefined;
      });
      // The exchange acks the next order, and the portfolio consumes past it: both are still working.
      await waitFor('the ack of the next order', async () =>
        (await readStream(fx, subjects.order('ack', ACCOUNT))).some((m) => m.event.cause === next.id) || undefined,
      );
      await consumedThrough(fx, 'ORDER', 'portfolio-it-ORDER', nextAck.seq);
      expect([exchange.child.exitCode, portfolio.child.exitCode]).toEqual([null, null]);
      expect(letters.exchange.raw).toBe(letters.portfolio.raw);
      return letters;
    }

    const validOrder = () => JSON.parse(JSON.stringify(order(6, `o-${n++}`, 'buy', { type: 'market', qty: 0.01 }))) as { payload: Record<string, unknown> } & Record<string, unknown>;

    it('malformed JSON', async () => {
      const { exchange: e, portfolio: p } = await sendBad('{"type": "order.new", ');
      expect([e.reason, p.reason]).toEqual(['malformed-json', 'malformed-json']);
    });

    it('a schema violation', async () => {
      const o = validOrder();
      o.payload['side'] = 'sideways';
      const { exchange: e, portfolio: p } = await sendBad(JSON.stringify(o));
      expect([e.reason, p.reason]).toEqual(['invalid-payload', 'invalid-payload']);
      expect(e.errors.map((x) => x.path)).toContain('/payload/side');
    });

    it('an unknown type', async () => {
      const { exchange: e, portfolio: p } = await sendBad(JSON.stringify({ ...validOrder(), type: 'order.modify' }));
      expect([e.reason, p.reason]).toEqual(['unknown-type', 'unknown-type']);
    });

    it('a newer version', async () => {
      const { exchange: e, portfolio: p } = await sendBad(JSON.stringify({ ...validOrder(), v: 2 }));
      expect([e.reason, p.reason]).toEqual(['unsupported-version', 'unsupported-version']);
      expect(e.message).toBe('/v: order.new v2 is newer than this reader (knows up to v1) [knownVersion]');
    });

    it('an oversized message', async () => {
      const o = validOrder();
      const { exchange: e, portfolio: p } = await sendBad(JSON.stringify({ ...o, corr: 'x'.repeat(120), payload: { ...o.payload, note: 'n'.repeat(MAX_EVENT_BYTES) } }));
      expect([e.reason, p.reason]).toEqual(['oversized', 'oversized']);
      expect(e.message).toMatch(new RegExp(`over the ${MAX_EVENT_BYTES}-byte limit`));
    });

    it('drain and exit 0 on SIGTERM afterwards', async () => {
      const lastOrder = order(7, 'o-last', 'buy', { type: 'limit', qty: 0.01, limitPrice: 1_000 });
      await fx.publisher.publish(subjects.order('new', ACCOUNT), { ...lastOrder, ts: closeOf(7) });
      exchange.child.kill('SIGTERM');
      portfolio.child.kill('SIGTERM');
      expect(await exchange.exited).toEqual({ code: 0, signal: null });
      expect(await portfolio.exited).toEqual({ code: 0, signal: null });
      expect(beatsOf(0).at(-1)?.status).toBe('stopped');
      expect(beatsOf(1).at(-1)?.status).toBe('stopped');
    });
  });
});
