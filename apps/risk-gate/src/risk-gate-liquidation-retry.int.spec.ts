import { createEvent, eventId, subjectFor, type HeliosEvent } from '@helios/contracts';
import { spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { openFixture, readStream, settled, type Fixture } from '@helios/testing-services';
import { candle, intent, RUN, SYMBOL, T0 } from '../spec-support/pipeline';
import { LIMITS_KEY } from './limits';
import { waitLive } from '../spec-support/wait-live';

jest.setTimeout(60_000);

/**
 * A liquidation the venue refuses, across the real risk-gate and order-engine processes: the test
 * plays the exchange (acks, a fill, a rejection) and the portfolio (P&L), and reads what the two
 * services publish. The gate flattens again on the next P&L event still at the level, and the
 * engine sends that second flattening order.
 */

const M = 60_000;
const LIMITS = {
  strategies: { s1: { allocation: 1, initialEquity: 10_000, drawdown: { liquidateAtPct: 2 } } },
  instrumentDefaults: { maxMarkAgeMs: 86_400_000 },
};
const ORDERS = { account: 'paper', defaultLotSize: 0.00001, strategies: { s1: { initialCapital: 10_000 } } };
const SERVICES = ['risk-gate-it-', 'order-engine-it-'];

let fx: Fixture;
let gate: SpawnedService;
let engine: SpawnedService;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  await fx.config.put(LIMITS_KEY, JSON.stringify(LIMITS));
  const common = ['--nats', fx.url, '--instance', 'it', '--log-level', 'warn'];
  gate = spawnService('apps/risk-gate/src/main.ts', [...common, '--candidate', 'gate-a']);
  engine = spawnService('apps/order-engine/src/main.ts', [...common, '--config', JSON.stringify(ORDERS)]);
  await Promise.all([waitLive(fx, gate, 'risk-gate'), waitLive(fx, engine, 'order-engine')]);
});

afterAll(async () => {
  await Promise.all([gate?.kill(), engine?.kill()]);
  await fx?.stop();
});

async function feedSettled(...events: HeliosEvent[]): Promise<void> {
  for (const e of events) await fx.publisher.publish(subjectFor(e), e);
  await settled(fx, SERVICES);
}

const orders = async () => (await readStream(fx, 'order.new.>')).map((m) => m.event as HeliosEvent<'order.new'>);
const approvals = async () => (await readStream(fx, 'risk.approved.>')).map((m) => m.event as HeliosEvent<'risk.approved'>);

const ack = (o: HeliosEvent<'order.new'>, ts: number) =>
  createEvent('order.ack', { account: 'paper', clientOrderId: o.payload.clientOrderId, exchangeOrderId: `x-${o.payload.clientOrderId}` }, { id: eventId('ack', o.id), ts, src: 'paper-exchange', run: RUN });
const fill = (o: HeliosEvent<'order.new'>, qty: number, price: number, ts: number) =>
  createEvent(
    'order.fill',
    { account: 'paper', clientOrderId: o.payload.clientOrderId, fillId: `f-${o.payload.clientOrderId}`, instrument: SYMBOL, side: o.payload.side, qty, price, fee: 0, liquidity: 'taker', remainingQty: 0, strategyId: 's1' },
    { id: eventId('fill', o.id), ts, src: 'paper-exchange', run: RUN },
  );
const reject = (o: HeliosEvent<'order.new'>, ts: number) =>
  createEvent('order.reject', { account: 'paper', clientOrderId: o.payload.clientOrderId, reason: 'market halted' }, { id: eventId('reject', o.id), ts, src: 'paper-exchange', run: RUN });
const pnl = (equity: number, ts: number) =>
  createEvent(
    'pnl.update',
    { strategyId: 's1', instrument: SYMBOL, position: 0.1, avgPrice: 40_000, realized: 0, unrealized: equity - 10_000, equity, fees: 0 },
    { id: eventId('pnl', 's1', ts, equity), ts, src: 'portfolio', run: RUN },
  );

describe('risk-gate and order-engine processes: a refused liquidation', () => {
  it('is approved and sent again on the next P&L event still at the level', async () => {
    // Given: s1 bought 0.1 BTC and holds it.
    await feedSettled(candle(40_000, T0), intent('s1', [{ instrument: SYMBOL, qty: 0.1 }], T0));
    const [buy] = await orders();
    expect(buy.payload).toMatchObject({ side: 'buy', qty: 0.1, strategyId: 's1' });
    await feedSettled(ack(buy, T0), fill(buy, 0.1, 40_000, T0 + M), pnl(10_000, T0 + M));

    // When: its equity is 2.1 % below the peak, the gate flattens and the engine sells.
    await feedSettled(candle(37_900, T0 + 2 * M), pnl(9_790, T0 + 2 * M));
    const sell = (await orders())[1];
    expect(sell?.payload).toMatchObject({ side: 'sell', qty: 0.1, strategyId: 's1' });
    // ... and the venue refuses that order.
    await feedSettled(ack(sell, T0 + 2 * M), reject(sell, T0 + 2 * M));

    // Then: the next P&L event, still at the level, flattens again, and the engine sends a new sell.
    await feedSettled(candle(37_800, T0 + 3 * M), pnl(9_780, T0 + 3 * M));
    const flattening = (await approvals()).filter((a) => a.payload.targets.some((t) => t.reason?.startsWith('liquidation: ')));
    expect(flattening.map((a) => a.payload.targets)).toEqual([
      [{ instrument: SYMBOL, qty: 0, reason: 'liquidation: strategy s1 drawdown 2.1% reached 2%' }],
      [{ instrument: SYMBOL, qty: 0, reason: 'liquidation: strategy s1 drawdown 2.2% reached 2%' }],
    ]);
    const all = await orders();
    expect(all.map((o) => [o.payload.side, o.payload.qty])).toEqual([
      ['buy', 0.1],
      ['sell', 0.1],
      ['sell', 0.1],
    ]);
    expect(new Set(all.map((o) => o.payload.clientOrderId)).size).toBe(3);
  });
});
