import { DEFAULT_LOT_SIZE, lotFor, resolveOrdersConfig, OrdersConfigError, type OrdersConfigInput } from './orders-config';

describe('orders config', () => {
  it('defaults: account paper, satoshi lots, unknown capital, 10 000 finished orders kept', () => {
    const c = resolveOrdersConfig();
    expect([c.account, c.src, c.defaultLot.size, c.initialCapital, c.retainTerminalOrders, c.maxAnomalies]).toEqual([
      'paper',
      'order-engine',
      DEFAULT_LOT_SIZE,
      NaN,
      10_000,
      100,
    ]);
    expect(DEFAULT_LOT_SIZE).toBe(1e-8);
  });

  it('lot sizes per instrument override the default', () => {
    const c = resolveOrdersConfig({ defaultLotSize: 1, lotSizes: { 'BTC-USDT': 0.001 } });
    expect([lotFor(c, 'BTC-USDT').size, lotFor(c, 'AAPL').size]).toEqual([0.001, 1]);
  });

  it.each<[string, OrdersConfigInput, string]>([
    ['a zero lot', { defaultLotSize: 0 }, '/defaultLotSize'],
    ['a bad account', { account: 'paper 1' }, '/account'],
    ['a negative capital', { strategies: { s1: { initialCapital: -5 } } }, '/strategies/s1/initialCapital'],
    ['an unknown field', { lotsize: 1 } as OrdersConfigInput, '/lotsize'],
  ])('rejects %s, naming where', (_what, input, path) => {
    expect(() => resolveOrdersConfig(input)).toThrow(OrdersConfigError);
    expect(() => resolveOrdersConfig(input)).toThrow(`orders config is invalid: ${path}`);
  });
});
