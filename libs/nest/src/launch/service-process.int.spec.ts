import { derivedId, subjects, type HeliosEvent } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { candle, collectEvents, openFixture, readStream, sendCommand, waitFor, type NatsFixture } from '../../spec-support/nats-fixture';
import { logLines, spawnService, type SpawnedService as ServiceProcess } from './spawn-service';
import { foldToy } from '../../spec-support/toy-decider';

jest.setTimeout(60_000);

const TOY = 'libs/nest/spec-support/toy-service-main.ts';
let fx: NatsFixture;
const processes: ServiceProcess[] = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer({ syncAlways: true }));
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await fx?.stop();
});

function startToy(instance: string, env: Record<string, string> = {}, extra: string[] = []): ServiceProcess {
  const p = spawnService(TOY, ['--nats', fx.url, '--instance', instance, '--log-level', 'info', ...extra], { env });
  processes.push(p);
  return p;
}

type Beat = HeliosEvent<'system.heartbeat'>['payload'];

async function waitLive(beats: { events: HeliosEvent[] }, p: ServiceProcess): Promise<Beat> {
  return waitFor(
    'a live heartbeat',
    () => {
      if (p.child.exitCode !== null) throw new Error(`the service exited early (${p.child.exitCode}):\n${p.stderr()}\n${p.stdout().slice(-2000)}`);
      return beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).find((b) => (b.details as { phase: string }).phase === 'live');
    },
    20_000,
  );
}

describe('a service process', () => {
  it('killed with SIGKILL between publishing outputs and acking the input, then restarted: every output exactly once', async () => {
    const beats = collectEvents(fx.nc, subjects.heartbeat('toy', 'crashy'));
    try {
      const first = startToy('crashy', { HELIOS_TEST_CRASH_AFTER_PUBLISH: '40' }, ['--snapshot-every', '15']);
      await waitLive(beats, first);
      const inputs = Array.from({ length: 100 }, (_, i) => candle(i));
      await fx.publisher.publishMany(inputs.map((e) => ({ subject: subjects.candle('binance', 'BTC-USDT', '1m'), event: e })));
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const outputSubject = subjects.indicator('toy', 1, 'BTC-USDT', '1m');
      const atCrash = await readStream(fx, outputSubject);
      // The 40th input's outputs were stored, and those of later inputs already in flight (the shell
      // pipelines publishes, ADR 0012), in input order; the 40th input itself was never acked.
      const causes = atCrash.map((m) => m.event.cause);
      expect(causes.length).toBeGreaterThanOrEqual(40);
      expect(causes).toEqual(inputs.slice(0, causes.length).map((e) => e.id));
      const consumer = await fx.jsm.consumers.info('MD', 'toy-crashy-MD');
      expect(consumer.ack_floor.stream_seq).toBeLessThan(40);

      beats.events.length = 0;
      const second = startToy('crashy');
      await waitLive(beats, second);
      const outputs = await waitFor('100 outputs', async () => {
        const stored = await readStream(fx, outputSubject);
        return stored.length >= 100 ? stored : undefined;
      });
      expect(outputs).toHaveLength(100);
      expect(new Set(outputs.map((m) => m.event.id)).size).toBe(100);
      expect(outputs.map((m) => m.event.id)).toEqual(inputs.map((e) => derivedId(e.id, 'indicator.value', 0)));
      // Not only the ids: the payloads prove that no input was applied twice or skipped.
      expect(outputs.map((m) => m.event)).toEqual(foldToy(inputs).outputs);
      expect(await readStream(fx, subjects.dlq('toy'))).toEqual([]);

      const replayLog = logLines(second.stdout()).find((l) => l['msg'] === 'start-up replay done');
      // Snapshots every 15: the restart replays the tail after the last one, not all 100.
      expect(replayLog?.['replayed']).toBeGreaterThan(0);
      expect(replayLog?.['replayed']).toBeLessThan(100);

      // What the dead process had pulled comes back after its ack wait and is acked as already applied.
      await waitFor('every input acked', async () => {
        const info = await fx.jsm.consumers.info('MD', 'toy-crashy-MD');
        return info.num_pending + info.num_ack_pending === 0 || undefined;
      }, 20_000);
      expect(await readStream(fx, outputSubject)).toHaveLength(100);
      const port = (beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).at(-1)?.details as { httpPort: number }).httpPort;
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { duplicates: number; eventsIn: number };
      expect(health.duplicates).toBeGreaterThan(0);
      expect(health.eventsIn + (replayLog?.['replayed'] as number)).toBeLessThanOrEqual(100);

      await sendCommand(fx, 'toy', 'crashy', 'stop', 1);
      expect(await second.exited).toEqual({ code: 0, signal: null });
    } finally {
      beats.close();
    }
  });

  it('drains and exits 0 on SIGTERM, logging JSON with its HTTP port', async () => {
    const beats = collectEvents(fx.nc, subjects.heartbeat('toy', 'term'));
    try {
      const p = startToy('term');
      const live = await waitLive(beats, p);
      const port = (live.details as { httpPort: number }).httpPort;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      p.child.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      const lines = logLines(p.stdout());
      expect(lines.find((l) => l['msg'] === 'HTTP listening (/healthz, /metrics)')).toMatchObject({ service: 'toy', instance: 'term', httpPort: port });
      expect(lines.find((l) => l['msg'] === 'signal: stopping')).toMatchObject({ signal: 'SIGTERM' });
      expect(beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload.status).at(-1)).toBe('stopped');
    } finally {
      beats.close();
    }
  });

  it('refuses a bad flag with exit code 2 and a message naming it', async () => {
    const bad = startToy('flags', {}, ['--http-port', 'eighty']);
    expect(await bad.exited).toEqual({ code: 2, signal: null });
    expect(bad.stderr()).toMatch(/^toy: --http-port: expected an integer from 0 to 65535, got "eighty"/);
    expect(bad.stderr()).toContain('usage: toy [flags]');
    const unknown = startToy('flags', {}, ['--speed', '3']);
    expect(await unknown.exited).toEqual({ code: 2, signal: null });
    expect(unknown.stderr()).toMatch(/unknown flag --speed/);
  });

  it('exits 1 with a clear error when NATS is not reachable', async () => {
    const p = spawnService(TOY, ['--nats', 'nats://127.0.0.1:1', '--instance', 'nowhere', '--log-level', 'silent']);
    processes.push(p);
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stderr()).toMatch(/toy: could not connect to NATS at nats:\/\/127\.0\.0\.1:1/);
  });
});
