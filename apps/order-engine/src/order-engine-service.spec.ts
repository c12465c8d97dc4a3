import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { play } from '@helios/domain-core';
import { ORDERS_INPUT_TYPES } from '@helios/domain-orders';
import { resolveServiceConfig } from '@helios/nest';
import { orderEngineDecider, orderEngineService } from './order-engine-service';

const T0 = 1_704_067_260_000;
const RUN = 'paper';

const candle = (close: number): HeliosEvent => {
  const openTime = T0 - 59_999;
  return createEvent(
    'md.candle',
    { venue: 'paper', symbol: 'BTC-USDT', tf: '1m', openTime, closeTime: T0, open: close, high: close, low: close, close, volume: 1, closed: true },
    { id: eventId('paper', 'BTC-USDT', '1m', openTime), ts: T0, src: 'market-data', run: RUN },
  );
};
const approved = (weight: number, n: number): HeliosEvent =>
  createEvent('risk.approved', { strategyId: 'sma-cross', targets: [{ instrument: 'BTC-USDT', weight }] }, { id: eventId('approved', n), ts: T0, src: 'risk-gate', run: RUN });
const halt = (halted: boolean, n: number): HeliosEvent =>
  createEvent('risk.halt', { halted, reason: 'test', by: 'spec' }, { id: eventId('halt', n), ts: T0, src: 'risk-gate', run: RUN });

function run(config: unknown, inputs: HeliosEvent[]): HeliosEvent[] {
  return play(orderEngineDecider(resolveServiceConfig(orderEngineService.configSchema, orderEngineService.defaultConfig, config, 'spec')), inputs).outputs;
}

describe('the order-engine service', () => {
  it('consumes exactly the orders decider input types, as `order-engine`', () => {
    expect(orderEngineService.name).toBe('order-engine');
    expect(orderEngineService.inputs).toEqual([...ORDERS_INPUT_TYPES]);
    expect(orderEngineService.inputs).toContain('risk.halt');
  });

  it('sizes a weight from the configured capital and account, and sends nothing while halted', () => {
    const config = { account: 'acct-1', strategies: { 'sma-cross': { initialCapital: 2_000 } } };
    const orders = run(config, [candle(100), approved(0.5, 1)]);
    expect(orders.map((o) => [o.type, o.payload])).toEqual([
      ['order.new', { account: 'acct-1', clientOrderId: orders[0].id, instrument: 'BTC-USDT', side: 'buy', type: 'market', quoteQty: 1_000, strategyId: 'sma-cross' }],
    ]);
    expect(run(config, [candle(100), halt(true, 1), approved(0.5, 1)])).toEqual([]);
    expect(run(config, [candle(100), halt(true, 1), approved(0.5, 1), halt(false, 2), approved(0.5, 2)])).toHaveLength(1);
  });

  it('refuses a configuration the schema refuses, naming the field', () => {
    expect(() => resolveServiceConfig(orderEngineService.configSchema, orderEngineService.defaultConfig, { lotSizes: { 'BTC-USDT': -1 } }, 'order-engine configuration')).toThrow(
      /order-engine configuration.*lotSizes/,
    );
    expect(() => orderEngineDecider({ account: 'no spaces' } as never)).toThrow(/orders config is invalid.*account/);
  });
});
