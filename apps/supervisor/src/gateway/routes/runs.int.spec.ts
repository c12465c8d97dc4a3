import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import pino from 'pino';
import { KV_BUCKETS } from '@helios/contracts';
import { ensureTopology, RunStore } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import type { DataFile, RunDetail, RunSummary } from '../../shared/api';
import { ApiFailure, type ApiRequest, type GatewayContext, type Route } from '../route';
import { backtestsRoutes } from './backtests';
import { dataFilesRoutes } from './data-files';
import { runsRoutes } from './runs';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..', '..', '..', '..', '..');
const SHARED_DATA = join(REPO, '..', 'shared', 'data');
const GOOG = 'goog_daily_2004_2013.csv';

let server: NatsServerHandle;
let nc: NatsConnection;
let ctx: GatewayContext;
let dataDir: string;
let outside: string;
let clock = 1_750_000_000_000;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  await ensureTopology(nc, { replicas: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'helios-data-'));
  outside = mkdtempSync(join(tmpdir(), 'helios-outside-'));
  copyFileSync(join(SHARED_DATA, GOOG), join(dataDir, GOOG));
  writeFileSync(join(dataDir, 'tiny.csv'), 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-02T00:00:00Z,1.5,2,1,1.8,12\n');
  writeFileSync(join(dataDir, 'broken.csv'), 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,oops,10\n');
  writeFileSync(join(dataDir, 'notes.txt'), 'not data');
  writeFileSync(join(outside, 'secret.csv'), 'ts,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n');
  symlinkSync(join(outside, 'secret.csv'), join(dataDir, 'escape.csv'));
  ctx = {
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    config: await new Kvm(nc).open(KV_BUCKETS.config),
    repoRoot: REPO,
    dataDir,
    log: pino({ level: 'silent' }),
    // These routes never read live state; the bridge that fills it is the gateway server's.
    live: { beats: () => [], pnl: () => ({ strategies: [] }), equityPeaks: () => ({ strategies: new Map() }), halt: () => ({ halted: false }), orders: () => [] },
    home: dataDir,
    now: () => clock,
  };
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const all: Route[] = [...runsRoutes, ...backtestsRoutes, ...dataFilesRoutes];
function route(method: string, path: string): Route {
  const found = all.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
}
function call(method: string, path: string, req: Partial<ApiRequest> = {}) {
  return route(method, path).handler({ params: {}, query: new URLSearchParams(), body: undefined, ...req }, ctx);
}
async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiFailure);
  return error as ApiFailure;
}

it('every route has a summary and a tag (the OpenAPI document is built from them)', () => {
  for (const r of all) {
    expect(r.summary.length).toBeGreaterThan(10);
    expect(r.tag).toBe('runs');
  }
});

it('GET /data-files lists the OHLCV files of the data folder with bar counts, and nothing from outside it', async () => {
  const res = await call('GET', '/data-files');
  const files = (res.json as { files: DataFile[] }).files;
  expect(files).toEqual([
    { name: GOOG, bars: 2148, symbol: 'goog_daily_2004_2013', timeframe: '1d' },
    { name: 'tiny.csv', bars: 2, symbol: 'tiny', timeframe: '1d' },
  ]);
});

it('POST /backtests runs the same engine as helios backtest: same run hash, equity and trades; and records the run', async () => {
  clock = 1_750_000_000_000;
  const res = await call('POST', '/backtests', { body: { dataFile: GOOG, template: 'sma-cross', params: { fast: 5 } } });
  expect(res.status).toBe(201);
  const run = res.json as RunDetail;
  expect(run).toMatchObject({ kind: 'backtest', status: 'completed', strategy: 'sma-cross', dataFile: GOOG, params: { fast: 5, slow: 30 }, startedAt: clock });

  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(REPO, 'apps', 'cli', 'bin', 'helios.js'), 'backtest', '--data', join(dataDir, GOOG), '--strategy', 'sma-cross', '--param', 'fast=5', '--out', '-'],
    { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
  );
  const cli = JSON.parse(stdout) as Record<string, unknown>;
  const result = run.result as Record<string, unknown>;
  expect(result['runHash']).toBe(cli['runHash']);
  expect(run.runHash).toBe(cli['runHash']);
  expect(result['finalEquity']).toBe(cli['finalEquity']);
  expect(result['trades']).toEqual(cli['trades']);
  expect(result['equityCurve']).toEqual(cli['equityCurve']);
  expect(result['metrics']).toEqual(cli['metrics']);
  expect(run.metrics).toMatchObject({ finalEquity: cli['finalEquity'], totalReturnPct: cli['totalReturnPct'], tradeCount: (cli['trades'] as unknown[]).length });

  // Recorded: the lifecycle events and the stored result, as any other reader sees them.
  const stored = await (await RunStore.open(nc, { src: 'reader' })).get(run.runId);
  expect(stored).toMatchObject({ status: 'completed', artifact: `runs/${run.runId}/result.json` });
  const detail = (await call('GET', '/runs/:runId', { params: { runId: run.runId } })).json as RunDetail;
  expect(detail.result?.['runHash']).toBe(cli['runHash']);
});

it('POST /backtests takes a graph with parameters, and the synthetic series', async () => {
  clock = 1_750_000_100_000;
  const graph = {
    version: 1,
    name: 'my rsi',
    params: { len: { type: 'integer', default: 14, min: 2, max: 100 } },
    nodes: [
      { id: 'close', kind: 'price', field: 'close' },
      { id: 'rsi', kind: 'indicator', indicator: 'rsi', params: { period: '$len' }, inputs: { source: 'close' } },
      { id: 'low', kind: 'threshold', direction: 'below', level: 30, inputs: { value: 'rsi' } },
      { id: 'high', kind: 'threshold', direction: 'above', level: 70, inputs: { value: 'rsi' } },
      { id: 'size', kind: 'sizing', mode: 'long-only', inputs: { entry: 'low', exit: 'high' } },
      { id: 'target', kind: 'target', inputs: { weight: 'size' } },
    ],
  };
  const res = await call('POST', '/backtests', { body: { dataFile: 'synthetic', graph, params: { len: 10 } } });
  const run = res.json as RunDetail;
  expect(run).toMatchObject({ status: 'completed', strategy: 'my-rsi', dataFile: 'synthetic', params: { len: 10 } });
  expect((run.result?.['data'] as { bars: number }).bars).toBe(2000);
  expect((run.result?.['trades'] as unknown[]).length).toBeGreaterThan(0);
  // Deterministic: the same request gives the same hash.
  const again = (await call('POST', '/backtests', { body: { dataFile: 'synthetic', graph, params: { len: 10 } } })).json as RunDetail;
  expect(again.runHash).toBe(run.runHash);
  expect(again.runId).not.toBe(run.runId);
});

it('POST /backtests refuses bad input with a 400 or 404 naming the field, and records nothing for it', async () => {
  const before = ((await call('GET', '/runs')).json as { runs: RunSummary[] }).runs.length;
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ dataFile: GOOG }, 400, 'template', 'give exactly one of template (with params) and graph'],
    [{ dataFile: GOOG, template: 'nope' }, 400, 'template', 'unknown template "nope"'],
    [{ dataFile: GOOG, template: 'sma-cross', params: { fast: 0 } }, 400, 'params.fast', 'fast'],
    [{ dataFile: '../secret.csv', template: 'sma-cross' }, 400, 'dataFile', 'is not a data file name'],
    [{ dataFile: '/etc/passwd', template: 'sma-cross' }, 400, 'dataFile', 'is not a data file name'],
    [{ dataFile: 'escape.csv', template: 'sma-cross' }, 400, 'dataFile', 'points outside the data folder'],
    [{ dataFile: 'missing.csv', template: 'sma-cross' }, 404, 'dataFile', 'no data file "missing.csv"'],
    [{ dataFile: 'broken.csv', template: 'sma-cross' }, 422, 'dataFile', 'broken.csv'],
    [{ dataFile: GOOG, graph: { version: 1, nodes: [{ id: 'x', kind: 'price', field: 'close' }] } }, 400, 'graph', 'invalid'],
  ];
  for (const [body, status, where, text] of cases) {
    const error = await failure(call('POST', '/backtests', { body }));
    expect({ body, status: error.status, where: error.where }).toEqual({ body, status, where });
    expect(error.message).toContain(text);
  }
  expect(((await call('GET', '/runs')).json as { runs: RunSummary[] }).runs).toHaveLength(before);
});

it('GET /runs filters by kind and strategy and sorts by time or a metric; bad parameters are 400 naming them', async () => {
  const store = await RunStore.open(nc, { src: 'cli', now: () => clock });
  clock = 1_750_000_200_000;
  await store.record({ runId: 'sweep-a', kind: 'sweep', strategy: 'sma-cross' }, async () => ({}), () => ({ result: {}, metrics: { totalReturnPct: 999 } }));
  const list = async (q: string) => ((await call('GET', '/runs', { query: new URLSearchParams(q) })).json as { runs: RunSummary[] }).runs;

  const newest = await list('');
  expect(newest[0].runId).toBe('sweep-a');
  expect(newest.map((r) => r.startedAt)).toEqual([...newest.map((r) => r.startedAt)].sort((a, b) => b - a));
  expect((await list('kind=sweep')).map((r) => r.runId)).toEqual(['sweep-a']);
  expect((await list('strategy=my-rsi')).every((r) => r.strategy === 'my-rsi')).toBe(true);
  expect(await list('strategy=my-rsi')).toHaveLength(2);

  const byReturn = await list('sort=totalReturnPct&order=desc');
  const returns = byReturn.map((r) => r.metrics?.['totalReturnPct'] as number);
  expect(returns[0]).toBe(999);
  expect(returns).toEqual([...returns].sort((a, b) => b - a));
  const ascending = (await list('sort=totalReturnPct&order=asc')).map((r) => r.metrics?.['totalReturnPct'] as number);
  expect(ascending).toEqual([...returns].reverse());

  for (const [q, where] of [['kind=live', 'kind'], ['order=up', 'order'], ['sort=a.b', 'sort']]) {
    const error = await failure(call('GET', '/runs', { query: new URLSearchParams(q) }));
    expect([error.status, error.where]).toEqual([400, where]);
  }
});

it('GET /runs/:runId/trades.csv is the trade table as CSV; an unknown run is a 404', async () => {
  const runs = ((await call('GET', '/runs', { query: new URLSearchParams('strategy=sma-cross&kind=backtest') })).json as { runs: RunSummary[] }).runs;
  const runId = runs[0].runId;
  const detail = (await call('GET', '/runs/:runId', { params: { runId } })).json as RunDetail;
  const trades = detail.result?.['trades'] as Array<{ side: string; qty: number; entryTs: number; entryPrice: number; pnl: number }>;
  const res = await call('GET', '/runs/:runId/trades.csv', { params: { runId } });
  expect(res.text?.contentType).toBe('text/csv; charset=utf-8');
  expect(res.text?.filename).toBe(`${runId}-trades.csv`);
  const lines = (res.text?.body ?? '').trimEnd().split('\n');
  expect(lines[0]).toBe('side,qty,entryTs,entryTime,entryPrice,exitTs,exitTime,exitPrice,pnl,fees');
  expect(lines).toHaveLength(trades.length + 1);
  const first = lines[1].split(',');
  expect(first[0]).toBe(trades[0].side);
  expect(Number(first[1])).toBe(trades[0].qty);
  expect(first[3]).toBe(new Date(trades[0].entryTs).toISOString());
  expect(Number(first[8])).toBe(trades[0].pnl);

  for (const path of ['/runs/:runId', '/runs/:runId/trades.csv']) {
    const error = await failure(call('GET', path, { params: { runId: 'no-such-run' } }));
    expect([error.status, error.where]).toEqual([404, 'runId']);
  }
});
