import { eventId, subjects, type HeliosEvent } from '@helios/contracts';
import { generateSyntheticOhlcv } from '@helios/domain-market-data';
import { logLines, spawnService, type SpawnedService } from '@helios/nest';
import { csvText, minuteBars, MINUTE, T0, TempDir } from '../spec-support/csv-files';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';

jest.setTimeout(30_000);

/** market-data as a real process against a real nats-server, one symbol per test so streams do not mix. */

let fx: Fixture;
const dir = new TempDir();
const spawned: SpawnedService[] = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  await Promise.all(spawned.map((p) => p.kill()));
  await fx?.stop();
  dir.remove();
});

function feed(args: readonly string[]): SpawnedService {
  const p = spawnService('apps/market-data/src/main.ts', ['--nats', fx.url, '--log-level', 'info', ...args]);
  spawned.push(p);
  return p;
}

const candlesOf = async (symbol: string) =>
  (await readStream(fx, subjects.candle('replay', symbol, '1m'))).map((m) => m.event as HeliosEvent<'md.candle'>);

describe('market-data process', () => {
  it('replays a CSV file: exactly its bars, in order, with natural-key ids, and a gap warning where bars are missing', async () => {
    const bars = minuteBars(40, [20, 21, 22]);
    const file = dir.write('gap.csv', csvText(bars));
    const p = feed(['--csv', file, '--symbol', 'GAP-USDT', '--speed', 'max', '--exit-when-done', '--instance', 'gap']);
    expect(await p.exited).toEqual({ code: 0, signal: null });

    const stored = await readStream(fx, 'md.>');
    const mine = stored.filter((m) => m.subject.includes('.GAP-USDT.'));
    expect(mine.map((m) => m.event.type)).toEqual([...Array(20).fill('md.candle'), 'md.gap', ...Array(17).fill('md.candle')]);
    const candles = mine.filter((m) => m.event.type === 'md.candle').map((m) => m.event as HeliosEvent<'md.candle'>);
    expect(candles.map((c) => c.id)).toEqual(bars.map((b) => eventId('replay', 'GAP-USDT', '1m', b.time)));
    expect(candles.map((c) => [c.payload.openTime, c.payload.open, c.payload.high, c.payload.low, c.payload.close, c.payload.volume])).toEqual(
      bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]),
    );
    expect(candles.every((c) => c.payload.tf === '1m' && c.payload.closed && c.payload.closeTime === c.payload.openTime + MINUTE - 1 && c.ts === c.payload.closeTime)).toBe(true);
    const gap = mine[20].event as HeliosEvent<'md.gap'>;
    expect(mine[20].subject).toBe(subjects.gap('replay', 'GAP-USDT', '1m'));
    expect(gap.payload).toEqual({ venue: 'replay', symbol: 'GAP-USDT', tf: '1m', expectedOpenTime: T0 + 20 * MINUTE, actualOpenTime: T0 + 23 * MINUTE, missingBars: 3 });
    expect(gap.cause).toBe(candles[20].id);
  });

  it('--speed paces by bar spacing (600x: a 1-minute bar every 100 ms)', async () => {
    const file = dir.write('paced.csv', csvText(minuteBars(8)));
    const arrivals: number[] = [];
    const sub = fx.nc.subscribe(subjects.candle('replay', 'PACE-USDT', '1m'), { callback: () => void arrivals.push(performance.now()) });
    const p = feed(['--csv', file, '--symbol', 'PACE-USDT', '--speed', '600', '--exit-when-done', '--instance', 'pace']);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    await waitFor('every candle', () => arrivals.length === 8);
    sub.unsubscribe();
    // The feed keeps an absolute schedule (bar k at start + k x 100 ms): a loaded machine can make a
    // bar late, never early. So no bar may arrive ahead of its slot (30 ms for timer granularity),
    // and the whole replay must not drag far behind its 700 ms.
    const ahead = arrivals.map((t, k) => ({ k, early: k * 100 - (t - arrivals[0]) })).filter((a) => a.early > 30);
    expect(ahead).toEqual([]);
    expect(arrivals[7] - arrivals[0]).toBeLessThan(700 + 2_000);
  });

  it('resumes after SIGKILL from the last stored candle: every bar once, none published twice; heartbeats report msgs/s out', async () => {
    const bars = minuteBars(300);
    const file = dir.write('resume.csv', csvText(bars));
    const beats = collect(fx.nc, subjects.heartbeat('market-data', 'resume'));
    const first = feed(['--csv', file, '--symbol', 'RES-USDT', '--speed', '6000', '--instance', 'resume']);
    const beat = await waitFor('a heartbeat with msgs/s out', () =>
      beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).find((b) => b.msgsOutPerSec > 0),
    );
    await first.kill('SIGKILL');
    expect(beat.status).toBe('healthy');
    // 6000x: a bar every 10 ms, so roughly 100 per second.
    expect(beat.msgsOutPerSec).toBeGreaterThan(30);
    const before = (await candlesOf('RES-USDT')).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(300);

    const second = feed(['--csv', file, '--symbol', 'RES-USDT', '--speed', 'max', '--exit-when-done', '--instance', 'resume']);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    beats.close();
    const after = await candlesOf('RES-USDT');
    expect(after.map((c) => c.payload.openTime)).toEqual(bars.map((b) => b.time));
    const logs = logLines(second.stdout());
    const feeding = logs.find((l) => l['msg'] === 'feeding') as { resumeAfter: Record<string, number> };
    expect(feeding.resumeAfter).toEqual({ 'replay.RES-USDT.1m': bars[before - 1].time });
    const stopped = logs.find((l) => l['msg'] === 'stopped') as { counters: { candles: number; duplicates: number; gaps: number } };
    expect(stopped.counters).toMatchObject({ candles: 300 - before, duplicates: 0, gaps: 0 });
  });

  it('publishes the seeded synthetic feed: the generator\'s bars for that seed', async () => {
    const p = feed(['--synthetic', '--seed', '7', '--tf', '1s', '--bars', '25', '--start', String(T0), '--symbol', 'SYN-USDT', '--speed', 'max', '--exit-when-done']);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    const stored = (await readStream(fx, subjects.candle('synthetic', 'SYN-USDT', '1s'))).map((m) => (m.event as HeliosEvent<'md.candle'>).payload);
    const s = generateSyntheticOhlcv({ seed: 7, bars: 25, startTime: T0, timeframeMs: 1_000 });
    expect(stored.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume])).toEqual(
      Array.from({ length: 25 }, (_, i) => [s.time[i], s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i]]),
    );
  });

  it('exits 2 on a bad flag, naming it', async () => {
    const p = feed(['--csv', 'x.csv', '--speed', 'fast']);
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr()).toContain('--speed: expected a number > 0 or max, got "fast"');
  });

  it('exits 1 on a bad CSV row, naming the line, before publishing anything', async () => {
    const lines = csvText(minuteBars(5)).split('\n');
    const bad = [...lines.slice(0, 3), lines[3].replace(/^(\d+),([\d.]+),([\d.]+),([\d.]+)/, '$1,$2,1,$4'), ...lines.slice(4)].join('\n');
    const file = dir.write('bad.csv', bad);
    const p = feed(['--csv', file, '--symbol', 'BAD-USDT']);
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toContain(`${file}: line 4: high 1 is below`);
    expect(await candlesOf('BAD-USDT')).toEqual([]);
  });
});
