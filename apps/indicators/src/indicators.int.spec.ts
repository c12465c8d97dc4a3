import { createEvent, derivedId, eventId, subjects, type HeliosEvent } from '@helios/contracts';
import { BollingerBands, EMA, MACD, RSI, SMA } from '@helios/indicators';
import { spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';

jest.setTimeout(30_000);

const T0 = 1_704_067_200_000;
const MINUTE = 60_000;
const BARS = 60;

function candle(i: number): HeliosEvent<'md.candle'> {
  // A wave with a drift: RSI and the bands move both ways.
  const close = Math.round((100 + i * 0.3 + 5 * Math.sin(i / 3)) * 100) / 100;
  const open = Math.round((close - Math.cos(i) ) * 100) / 100;
  const openTime = T0 + i * MINUTE;
  return createEvent(
    'md.candle',
    { venue: 'binance', symbol: 'BTC-USDT', tf: '1m', openTime, closeTime: openTime + MINUTE - 1, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 100, closed: true },
    { id: eventId('binance', 'BTC-USDT', '1m', openTime), ts: openTime + MINUTE - 1, src: 'test-feed', run: 'paper' },
  );
}

/** What the indicator classes give for the closes, as (index in the config, name, values) per bar. */
function reference(candles: HeliosEvent<'md.candle'>[]): Array<{ id: string; subject: string; barTime: number; values: Record<string, number> }> {
  const sma = new SMA(20);
  const ema = new EMA(20);
  const rsi = new RSI(14);
  const macd = new MACD(12, 26, 9);
  const bb = new BollingerBands(20, 2);
  const out: Array<{ id: string; subject: string; barTime: number; values: Record<string, number> }> = [];
  for (const c of candles) {
    const x = c.payload.close;
    const results: Array<[string, Record<string, number> | undefined]> = [
      ['sma', ((v) => (v === undefined ? undefined : { value: v }))(sma.update(x))],
      ['ema', ((v) => (v === undefined ? undefined : { value: v }))(ema.update(x))],
      ['rsi', ((v) => (v === undefined ? undefined : { value: v }))(rsi.update(x))],
      ['macd', ((v) => (v === undefined ? undefined : { ...v }))(macd.update(x))],
      ['bbands', ((v) => (v === undefined ? undefined : { ...v }))(bb.update(x))],
    ];
    results.forEach(([name, values], k) => {
      if (values !== undefined) out.push({ id: derivedId(c.id, 'indicator.value', k), subject: subjects.indicator(name, 1, 'BTC-USDT', '1m'), barTime: c.payload.openTime, values });
    });
  }
  return out;
}

let fx: Fixture;
let service: SpawnedService;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  const beats = collect(fx.nc, subjects.heartbeat('indicators', 'it'));
  service = spawnService('apps/indicators/src/main.ts', ['--nats', fx.url, '--instance', 'it', '--log-level', 'warn']);
  // Candles stored before an instance's first start are history (folded, not published): wait until it is live.
  await waitFor(
    'indicators to be live',
    () => {
      if (service.child.exitCode !== null) throw new Error(`indicators exited: ${service.stderr()}`);
      return beats.events.some((e) => ((e as HeliosEvent<'system.heartbeat'>).payload.details as { phase?: string }).phase === 'live');
    },
    20_000,
  );
  beats.close();
});

afterAll(async () => {
  await service?.kill();
  await fx?.stop();
});

describe('indicators process', () => {
  it('publishes, per closed bar, the values the indicator classes give for the same bars (default set)', async () => {
    const candles = Array.from({ length: BARS }, (_, i) => candle(i));
    await fx.publisher.publishMany(candles.map((c) => ({ subject: subjects.candle('binance', 'BTC-USDT', '1m'), event: c })));
    const expected = reference(candles);
    // sma/ema/bbands from bar 19, rsi from bar 14, macd from bar 33.
    expect(expected.length).toBe(3 * 41 + 46 + 27);
    const stored = await waitFor(
      'every indicator value',
      async () => {
        if (service.child.exitCode !== null) throw new Error(`indicators exited: ${service.stderr()}`);
        const s = await readStream(fx, 'indicator.>');
        return s.length >= expected.length ? s : undefined;
      },
      20_000,
    );
    const byId = new Map(stored.map((m) => [m.event.id, m]));
    expect(stored.length).toBe(expected.length);
    for (const e of expected) {
      const got = byId.get(e.id);
      expect(got?.subject).toBe(e.subject);
      const p = (got?.event as HeliosEvent<'indicator.value'>).payload;
      expect([p.barTime, p.values]).toEqual([e.barTime, e.values]);
    }
    const macd = stored.find((m) => m.subject.startsWith('indicator.macd.'))?.event as HeliosEvent<'indicator.value'>;
    expect(macd.payload.params).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(macd.cause).toBe(eventId('binance', 'BTC-USDT', '1m', T0 + 33 * MINUTE));
  });
});
