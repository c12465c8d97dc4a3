import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureTopology, RunStore } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { sharedData, tempDir } from '../../spec-support/paths';
import { recordTarget, RecordingError, startRecording } from './record-run';

jest.setTimeout(120_000);

const { dir, cleanup } = tempDir('record-run');
let server: NatsServerHandle;
let nc: NatsConnection;
let store: RunStore;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  await ensureTopology(nc, { replicas: 1 });
  store = await RunStore.open(nc, { src: 'test' });
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
  cleanup();
});

const GOOG = sharedData('goog_daily_2004_2013.csv');

it('helios backtest --nats records the run: lifecycle events and the same result JSON it writes', async () => {
  const out = join(dir, 'bt.json');
  const io = memoryIo();
  const code = await runCli(['backtest', '--data', GOOG, '--strategy', 'sma-cross', '--param', 'fast=5', '--out', out, '--nats', server.url], io);
  expect({ code, stderr: io.stderr }).toMatchObject({ code: 0 });
  const written = JSON.parse(readFileSync(out, 'utf8')) as { runHash: string; finalEquity: number; totalReturnPct: number };
  const runId = /recording run (\S+) on /.exec(io.stderr)?.[1];
  expect(runId).toMatch(/^backtest-/);

  const run = await store.get(runId ?? '');
  expect(run).toMatchObject({ kind: 'backtest', status: 'completed', strategy: 'sma-cross', dataFile: GOOG, params: { fast: 5, slow: 30 } });
  expect(run?.metrics).toMatchObject({ finalEquity: written.finalEquity, totalReturnPct: written.totalReturnPct });
  expect(await store.result(run ?? {})).toEqual(written);
});

it('helios sweep --nats records one run whose result ranks every variant and whose headline is the best one', async () => {
  const io = memoryIo();
  const code = await runCli(['sweep', '--data', GOOG, '--strategy', 'sma-cross', '--grid', 'fast=5,10', '--grid', 'slow=20,40', '--workers', '1', '--nats', server.url], io);
  expect(code).toBe(0);
  const runId = /recording run (\S+) on /.exec(io.stderr)?.[1];
  const run = await store.get(runId ?? '');
  const result = (await store.result(run ?? {})) as { rows: Array<{ params: Record<string, number>; totalReturnPct: number }>; rankBy: string };
  expect(result.rankBy).toBe('totalReturnPct');
  expect(result.rows).toHaveLength(4);
  const best = Math.max(...result.rows.map((r) => r.totalReturnPct));
  expect(result.rows[0].totalReturnPct).toBe(best);
  expect(run).toMatchObject({ kind: 'sweep', status: 'completed', params: result.rows[0].params, metrics: { totalReturnPct: best, variants: 4, skipped: 0 } });
});

it('a failing run is recorded as failed with the error', async () => {
  const io = memoryIo();
  const code = await runCli(['backtest', '--data', GOOG, '--strategy', 'sma-cross', '--param', 'fast=50', '--param', 'slow=20', '--out', join(dir, 'x.json'), '--nats', server.url], io);
  expect(code).not.toBe(0);
  const runs = await store.list();
  const failed = runs.find((r) => r.status === 'failed');
  expect(failed?.error).toContain('fast');
});

it('without --nats or HELIOS_NATS_URL nothing is recorded; an unreachable server is an error when named, a warning from the environment', async () => {
  expect(recordTarget({}, {})).toBeUndefined();
  expect(recordTarget({}, { HELIOS_NATS_URL: 'nats://h:1' })).toEqual({ url: 'nats://h:1', explicit: false });
  expect(recordTarget({ nats: 'nats://x:2' }, { HELIOS_NATS_URL: 'nats://h:1' })).toEqual({ url: 'nats://x:2', explicit: true });

  const before = (await store.list()).length;
  const io = memoryIo();
  expect(await runCli(['backtest', '--data', GOOG, '--strategy', 'sma-cross', '--out', join(dir, 'plain.json')], io)).toBe(0);
  expect(io.stderr).not.toContain('recording');
  expect((await store.list()).length).toBe(before);

  const dead = 'nats://127.0.0.1:1';
  await expect(startRecording({ url: dead, explicit: true }, { kind: 'backtest' }, memoryIo())).rejects.toThrow(RecordingError);
  const warnIo = memoryIo();
  expect(await startRecording({ url: dead, explicit: false }, { kind: 'backtest' }, warnIo)).toBeUndefined();
  expect(warnIo.stderr).toMatch(/^warning: not recorded: cannot reach NATS at nats:\/\/127\.0\.0\.1:1 to record the run .*\(from HELIOS_NATS_URL\)\n$/);
});
