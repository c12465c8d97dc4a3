import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSpec } from '@helios/strategy-dsl';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { sharedData, tempDir } from '../../spec-support/paths';
import { runHeliosChild } from '../../spec-support/run-cli';
import { readBars, referenceSmaCross, type ReferenceResult } from '../../spec-support/sma-cross-reference';

const { dir, cleanup } = tempDir('backtest');
afterAll(cleanup);

interface Output {
  finalEquity: number;
  totalReturnPct: number;
  maxDrawdownPct: number;
  trades: Array<{ entryTs: number; entryPrice: number; exitTs: number; exitPrice: number; qty: number; pnl: number }>;
  openPosition: { entryTs: number; entryPrice: number; qty: number; markPrice: number } | null;
  equityCurve: Array<{ ts: number; equity: number }>;
  runHash: string;
  bars: number;
  loadMs: number;
  elapsedMs: number;
  metrics: { tradeCount: number; exposurePct: number; barsPerYear: number };
  strategy: { params: Record<string, number> };
}

async function backtest(args: string[]): Promise<Output> {
  const out = join(dir, `run-${Math.random().toString(36).slice(2)}.json`);
  const io = memoryIo();
  const code = await runCli(['backtest', ...args, '--out', out], io);
  expect(io.stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Output;
}

/** Everything identical to the last bit: trades, final equity, open position, every bar-close equity. */
function expectSameAsReference(result: Output, reference: ReferenceResult): void {
  const trade = ({ entryTs, entryPrice, exitTs, exitPrice, qty, pnl }: Output['trades'][number]) => ({ entryTs, entryPrice, exitTs, exitPrice, qty, pnl });
  expect(result.trades.map(trade)).toEqual(reference.trades.map(trade));
  expect(result.finalEquity).toBe(reference.finalEquity);
  if (reference.openPosition === null) expect(result.openPosition).toBeNull();
  else {
    const { entryTs, entryPrice, qty, markPrice } = result.openPosition ?? ({} as Record<string, number>);
    expect({ entryTs, entryPrice, qty, markPrice }).toEqual({
      entryTs: reference.openPosition.entryTs,
      entryPrice: reference.openPosition.entryPrice,
      qty: reference.openPosition.qty,
      markPrice: reference.openPosition.markPrice,
    });
  }
  expect(result.equityCurve.map((p) => p.equity)).toEqual(reference.equity);
  expect(result.maxDrawdownPct).toBeLessThan(0);
}

describe('helios backtest sma-cross equals an independent plain-loop reference', () => {
  it('on BTC 1-hour bars, run as a child process (10/30, cash 1,000,000, lot 1)', () => {
    const out = join(dir, 'btc.json');
    const child = runHeliosChild(['backtest', '--data', sharedData('btc_perp_ftx_1h.csv'), '--strategy', 'sma-cross', '--cash', '1000000', '--out', out]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as Output;
    const reference = referenceSmaCross(readBars(sharedData('btc_perp_ftx_1h.csv')), { fast: 10, slow: 30, cash: 1_000_000, lotSize: 1 });
    expect(reference.trades.length).toBeGreaterThan(5);
    expectSameAsReference(result, reference);
    expect(result.bars).toBe(749);
    expect(result.loadMs).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeGreaterThan(0);
  });

  it('on GOOG daily bars with the defaults (10/30, cash 10,000, lot 1)', async () => {
    const result = await backtest(['--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', 'sma-cross']);
    const reference = referenceSmaCross(readBars(sharedData('goog_daily_2004_2013.csv')), { fast: 10, slow: 30, cash: 10_000, lotSize: 1 });
    expect(reference.trades.length).toBeGreaterThan(20);
    expect(reference.openPosition).not.toBeNull();
    expectSameAsReference(result, reference);
    expect(result.strategy.params).toEqual({ fast: 10, slow: 30 });
  });

  it('on GOOG with other parameters and a fractional lot (5/20, lot 0.5)', async () => {
    const result = await backtest(['--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20', '--lot-size', '0.5']);
    const reference = referenceSmaCross(readBars(sharedData('goog_daily_2004_2013.csv')), { fast: 5, slow: 20, cash: 10_000, lotSize: 0.5 });
    expectSameAsReference(result, reference);
  });
});

describe('helios backtest', () => {
  it('gives the same runHash for the same run and a different one when a parameter changes', async () => {
    const args = ['--data', sharedData('btc_perp_ftx_1h.csv'), '--strategy', 'sma-cross', '--lot-size', '0.001'];
    const a = await backtest(args);
    const b = await backtest(args);
    const c = await backtest([...args, '--param', 'fast=12']);
    expect(b.runHash).toBe(a.runHash);
    expect(c.runHash).not.toBe(a.runHash);
    // Annualisation changes the ratios, not the run.
    const d = await backtest([...args, '--bars-per-year', '252']);
    expect(d.runHash).toBe(a.runHash);
    expect(d.metrics.barsPerYear).toBe(252);
    expect(a.metrics.barsPerYear).toBe(8766);
    expect(a.trades.length).toBeGreaterThan(0);
  });

  it('runs every template and an expression strategy', async () => {
    for (const strategy of ['sma-cross', 'mean-reversion', 'macd-rsi', 'rsi-reversal', 'donchian-breakout', 'close > sma(close, 50)']) {
      const result = await backtest(['--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', strategy]);
      expect({ strategy, tradesOrOpen: result.trades.length + (result.openPosition ? 1 : 0) > 0 }).toEqual({ strategy, tradesOrOpen: true });
      expect(result.equityCurve).toHaveLength(2148);
    }
  });

  it('reads a strategy from a graph .json or a spec .json file, trading like the same expression', async () => {
    const rules = { entry: 'close > sma(close, $n)', exit: 'close < sma(close, $n)', sizing: { mode: 'long-only' as const }, params: { n: { type: 'integer' as const, default: 50, min: 2, max: 500 } } };
    const specFile = join(dir, 'trend.json');
    writeFileSync(specFile, JSON.stringify(rules));
    const graphFile = join(dir, 'trend-graph.json');
    writeFileSync(graphFile, JSON.stringify(compileSpec({ ...rules, instruments: ['X'] })));
    const data = ['--data', sharedData('goog_daily_2004_2013.csv')];
    const fromSpec = await backtest([...data, '--strategy', specFile, '--param', 'n=40']);
    const fromGraph = await backtest([...data, '--strategy', graphFile, '--param', 'n=40']);
    const fromExpression = await backtest([...data, '--strategy', 'close > sma(close, 40)', '--exit', 'close < sma(close, 40)']);
    expect(fromSpec.trades.length).toBeGreaterThan(10);
    expect(fromGraph.trades).toEqual(fromSpec.trades);
    expect(fromExpression.trades).toEqual(fromSpec.trades);
    expect(fromSpec.strategy.params).toEqual({ n: 40 });
  });

  it('says why a run could not trade: with lot 1, $10,000 never buys one BTC', async () => {
    const out = join(dir, 'no-trades.json');
    const io = memoryIo();
    expect(await runCli(['backtest', '--data', sharedData('btc_perp_ftx_1h.csv'), '--strategy', 'sma-cross', '--out', out], io)).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as Output & { warnings: string[] };
    expect(result.trades).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^\d+ x the order engine sent no order \(unsizable\); first: no order for strategy sma-cross: 10000 of quote currency buys less than one lot \(1\) of btc_perp_ftx_1h at \d+/);
    expect(io.stderr).toBe(`warning: ${result.warnings[0]}\n`);
  });

  it('fails with the line number of a bad CSV row (exit 1)', async () => {
    const data = join(dir, 'bad.csv');
    writeFileSync(data, 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n2022-01-02,10,11,10,10,1\n2022-01-03,10,11,10,10,1\n2022-01-04,10,9.5,10,10,1\n');
    const io = memoryIo();
    expect(await runCli(['backtest', '--data', data, '--strategy', 'sma-cross', '--out', '-'], io)).toBe(1);
    expect(io.stderr).toBe(`helios backtest: ${data}: line 5: high 9.5 is below low 10\n`);
  });

  it('exits 2 on an unknown flag, and names a bad parameter or expression (exit 1) or an unknown strategy (exit 2)', async () => {
    const flag = memoryIo();
    expect(await runCli(['backtest', '--data', 'x.csv', '--strategy', 'sma-cross', '--out', '-', '--fast', '5'], flag)).toBe(2);
    expect(flag.stderr).toBe('helios backtest: unknown flag --fast (see helios backtest --help)\n');
    const param = memoryIo();
    expect(await runCli(['backtest', '--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', 'sma-cross', '--param', 'fast=40', '--out', '-'], param)).toBe(1);
    expect(param.stderr).toContain('"fast": must be less than "slow" (40 >= 30)');
    const unknown = memoryIo();
    expect(await runCli(['backtest', '--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', 'sma-crossing', '--out', '-'], unknown)).toBe(2);
    expect(unknown.stderr).toContain('--strategy "sma-crossing" is not a template');
    const expression = memoryIo();
    expect(await runCli(['backtest', '--data', sharedData('goog_daily_2004_2013.csv'), '--strategy', 'close > smaa(close, 5)', '--out', '-'], expression)).toBe(1);
    expect(expression.stderr).toMatch(/smaa/);
  });
});
