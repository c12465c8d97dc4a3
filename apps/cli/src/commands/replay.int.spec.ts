import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { filters, scoped } from '@helios/contracts';
import { ensureTopology, RunStore } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { memoryIo } from '../io';
import { runCli } from '../cli';

// Real nats-server, real service processes (five per replay), 750 bars in lockstep: minutes on a
// loaded 2-core machine, so the deadlines are generous.
jest.setTimeout(420_000);

const DATA = resolve(__dirname, '../../../../../shared/data/btc_perp_ftx_1h.csv');
const FLAGS = ['--data', DATA, '--lot-size', '0.001'];
describe('helios replay --distributed', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(DATA)) throw new Error(`the BTC 1-hour file is missing at ${DATA} (../shared/data)`);
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureTopology(nc, { replicas: 1 });
    dir = mkdtempSync(join(tmpdir(), 'helios-replay-'));
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    const io = memoryIo();
    const code = await runCli(args, io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  it('gives the same runHash, trades and metrics as helios backtest for sma-cross and macd-rsi on BTC 1h', async () => {
    const runs = await Promise.all(
      ['sma-cross', 'macd-rsi'].map(async (strategy) => {
        const bt = join(dir, `${strategy}-backtest.json`);
        const rp = join(dir, `${strategy}-replay.json`);
        expect((await cli('backtest', ...FLAGS, '--strategy', strategy, '--out', bt)).code).toBe(0);
        const replay = await cli('replay', '--distributed', ...FLAGS, '--strategy', strategy, '--out', rp, '--run', `eq-${strategy}`, '--nats', server.url);
        if (replay.code !== 0) throw new Error(`replay ${strategy} exited ${replay.code}:\n${replay.err.slice(-3000)}`);
        return { strategy, backtest: json(bt), replay: json(rp) };
      }),
    );
    for (const { backtest, replay } of runs) {
      expect(backtest.trades.length).toBeGreaterThan(0);
      expect(replay.runHash).toBe(backtest.runHash);
      expect(replay.trades).toEqual(backtest.trades);
      expect(replay.metrics).toEqual(backtest.metrics);
      expect(replay.eventCounts).toEqual(backtest.eventCounts);
      expect(replay.equityCurve).toEqual(backtest.equityCurve);
      expect(replay.finalEquity).toBe(backtest.finalEquity);
      expect(replay.replay).toEqual({ runId: expect.any(String), distributed: true, scopes: [replay.replay.runId], sought: false, seeks: [] });
    }
    // The run's events are on its own subjects: every candle once, and intents as many as the backtest's.
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('BT', { subjects_filter: filters.scoped('eq-sma-cross') });
    const counts = info.state.subjects ?? {};
    const candleSubject = Object.keys(counts).find((s) => s.startsWith(scoped('eq-sma-cross', 'md.candle.')));
    expect(candleSubject && counts[candleSubject]).toBe(749);
    expect(counts[scoped('eq-sma-cross', 'strategy.intent.sma-cross')]).toBe(runs[0].backtest.eventCounts['strategy.intent']);
    // Recorded for the supervisor's runs page (ADR 0014), with the replay's result as its artifact.
    const store = await RunStore.open(nc, { src: 'replay-spec' });
    for (const { strategy, replay } of runs) {
      const recorded = await store.get(`eq-${strategy}`);
      expect(recorded).toMatchObject({ kind: 'replay', status: 'completed', strategy, artifact: expect.any(String) });
      expect(recorded?.metrics?.['finalEquity']).toBe(replay.finalEquity);
    }
  });

  it('pauses (no candle fed while paused), resumes, and seeks forward to a bar', async () => {
    // 300 bars of the same file keep this run short.
    const lines = readFileSync(DATA, 'utf8').trimEnd().split('\n');
    const small = join(dir, 'btc300.csv');
    writeFileSync(small, lines.slice(0, 301).join('\n') + '\n');
    const out = join(dir, 'control.json');
    const runId = 'ctl';
    const running = cli('replay', '--distributed', '--data', small, '--lot-size', '0.001', '--strategy', 'sma-cross', '--symbol', 'btc', '--out', out, '--run', runId, '--nats', server.url);
    const jsm = await jetstreamManager(nc);
    // Candles on the run's log: the feed's own record of what it fed.
    const candles = async () => {
      const info = await jsm.streams.info('BT', { subjects_filter: scoped(runId, 'md.candle.>') });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    };
    const deadline = Date.now() + 180_000;
    while ((await candles()) < 20) {
      if (Date.now() > deadline) throw new Error('the replay fed no 20 candles in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const paused = await cli('replay', 'pause', '--run', runId, '--nats', server.url);
    expect(paused.code).toBe(0);
    expect(paused.out).toMatch(/^replay ctl: paused at bar (\d+)\/300 \(scope bt\.ctl\.\)\n$/);
    const at = Number(/bar (\d+)/.exec(paused.out)?.[1]);
    const whilePaused = await candles();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await candles()).toBe(whilePaused);
    expect(whilePaused).toBe(at);

    const seek = await cli('replay', 'seek', '--run', runId, '--to-seq', '250', '--nats', server.url);
    expect([seek.code, seek.out]).toEqual([0, 'replay ctl: paused at bar 250/300 (scope bt.ctl.)\n']);
    const resumed = await cli('replay', 'resume', '--run', runId, '--nats', server.url);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/^replay ctl: (running|done) at bar \d+\/300/);
    const done = await running;
    if (done.code !== 0) throw new Error(`replay exited ${done.code}:\n${done.err.slice(-3000)}`);
    const result = json(out);
    expect(result.replay).toEqual({ runId, distributed: true, scopes: [runId], sought: true, seeks: [{ from: at, to: 250 }] });
    expect(result.bars).toBe(at + 50);
    expect(await candles()).toBe(at + 50);
  });

  it('seeks backward by time into a fresh scope whose result equals a backtest from that bar', async () => {
    const lines = readFileSync(DATA, 'utf8').trimEnd().split('\n');
    const small = join(dir, 'btc300-back.csv');
    writeFileSync(small, lines.slice(0, 301).join('\n') + '\n');
    // Bar 100 of the file (line 101): the seek names its open time, 2022-01-05T04:00:00Z.
    const targetTime = lines[101].split(',')[0];
    expect(targetTime).toBe('2022-01-05T04:00:00Z');
    const out = join(dir, 'back.json');
    const runId = 'back';
    const running = cli('replay', '--distributed', '--data', small, '--lot-size', '0.001', '--strategy', 'sma-cross', '--symbol', 'btc', '--out', out, '--run', runId, '--nats', server.url);
    const jsm = await jetstreamManager(nc);
    const candlesIn = async (scope: string) => {
      const info = await jsm.streams.info('BT', { subjects_filter: scoped(scope, 'md.candle.>') });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    };
    const deadline = Date.now() + 240_000;
    while ((await candlesIn(runId)) < 150) {
      if (Date.now() > deadline) throw new Error('the replay fed no 150 candles in time');
      await new Promise((r) => setTimeout(r, 100));
    }
    const paused = await cli('replay', 'pause', '--run', runId, '--nats', server.url);
    expect(paused.code).toBe(0);
    const at = Number(/bar (\d+)/.exec(paused.out)?.[1]);
    expect(at).toBeGreaterThanOrEqual(150);

    const seek = await cli('replay', 'seek', '--run', runId, '--to-time', targetTime, '--nats', server.url);
    expect([seek.code, seek.out]).toEqual([0, 'replay back: paused at bar 100/300 (scope bt.back-s1.)\n']);
    expect((await cli('replay', 'resume', '--run', runId, '--nats', server.url)).code).toBe(0);
    const done = await running;
    if (done.code !== 0) throw new Error(`replay exited ${done.code}:\n${done.err.slice(-3000)}`);
    const result = json(out);
    expect(result.replay).toEqual({ runId, distributed: true, scopes: [runId, `${runId}-s1`], sought: true, seeks: [{ from: at, to: 100 }] });
    // The old scope's log is left as it was; the fresh scope fed bars 100..299 once each.
    expect(await candlesIn(runId)).toBe(at);
    expect(await candlesIn(`${runId}-s1`)).toBe(200);
    expect(result.bars).toBe(200);

    // Fresh state at bar 100 is a backtest that starts there: same hash, trades and metrics.
    const tail = join(dir, 'btc-from-100.csv');
    writeFileSync(tail, [lines[0], ...lines.slice(101, 301)].join('\n') + '\n');
    const bt = join(dir, 'back-backtest.json');
    expect((await cli('backtest', '--data', tail, '--lot-size', '0.001', '--strategy', 'sma-cross', '--symbol', 'btc', '--out', bt)).code).toBe(0);
    const backtest = json(bt);
    expect(backtest.trades.length).toBeGreaterThan(0);
    expect(result.runHash).toBe(backtest.runHash);
    expect(result.trades).toEqual(backtest.trades);
    expect(result.metrics).toEqual(backtest.metrics);
    expect(result.equityCurve).toEqual(backtest.equityCurve);
  });

  it('refuses bad command lines with the flag named', async () => {
    expect(await cli('replay', ...FLAGS, '--strategy', 'sma-cross', '--out', '-')).toMatchObject({ code: 2, err: expect.stringContaining('add --distributed') });
    expect(await cli('replay', '--distributed', ...FLAGS, '--out', '-')).toMatchObject({ code: 2, err: expect.stringContaining('--strategy is required') });
    expect(await cli('replay', 'pause')).toMatchObject({ code: 2, err: expect.stringContaining('helios replay pause: --run ID is required') });
    expect(await cli('replay', 'seek', '--run', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('give exactly one of --to-seq N and --to-time T') });
    expect(await cli('replay', 'rewind', '--run', 'x')).toMatchObject({ code: 2, err: expect.stringContaining("expected run, pause, resume or seek, got 'rewind'") });
    expect(await cli('replay', '--distributed', ...FLAGS, '--strategy', 'sma-cross', '--out', '-', '--run', 'a.b')).toMatchObject({ code: 2, err: expect.stringContaining('--run "a.b"') });
    expect(await cli('replay', 'pause', '--run', 'nobody', '--nats', server.url)).toMatchObject({ code: 1, err: expect.stringContaining('no replay "nobody" is known') });
  });
});
