import { createEvent, subjects } from '@helios/contracts';
import { startTestGateway, type TestGateway } from '../../../spec-support/test-gateway';

jest.setTimeout(90_000);

const T0 = Date.UTC(2024, 0, 1);

describe('supervisor gateway: GET /instruments', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  const candle = (venue: string, symbol: string, tf: string, i: number, stepMs: number) => {
    const openTime = T0 + i * stepMs;
    return createEvent(
      'md.candle',
      { venue, symbol, tf, openTime, closeTime: openTime + stepMs, open: 100, high: 101, low: 99, close: 100.5, volume: 3, closed: true },
      { id: `${symbol}-${tf}-${i}`, ts: openTime + stepMs, src: 'spec', run: 'live' },
    );
  };

  it('lists the instruments the live log has candles of, most candles first, and nothing else', async () => {
    expect(await (await t.api('/api/v1/instruments')).json()).toEqual({ instruments: [] });

    for (let i = 0; i < 3; i++) await t.fx.publisher.publish(subjects.candle('ftx', 'BTC-PERP', '1m'), candle('ftx', 'BTC-PERP', '1m', i, 60_000));
    await t.fx.publisher.publish(subjects.candle('paper', 'ETH-USD', '1h'), candle('paper', 'ETH-USD', '1h', 0, 3_600_000));
    // Not candles, or not a candle subject a feed writes: left out.
    await t.fx.js.publish(subjects.gap('ftx', 'BTC-PERP', '1m'), '{}');
    await t.fx.js.publish('md.candle.not-enough-tokens', '{}');

    const res = await t.api('/api/v1/instruments');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      instruments: [
        { venue: 'ftx', symbol: 'BTC-PERP', timeframe: '1m', candles: 3 },
        { venue: 'paper', symbol: 'ETH-USD', timeframe: '1h', candles: 1 },
      ],
    });
  });
});
